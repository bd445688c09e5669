import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StoreEnv } from '../env';
import type { HealthResponse } from '@ampfleet/domain';
import { createDynamoClients } from './client';
import { readHealth } from './fleet-reader';
import type { SecretBox } from './secret-box';

// The fleet table and its client, opened once per process. Only the data layer looks inside: callers
// hand it to `forOrg` and get repositories bound to one organisation.
export interface FleetStore {
  readonly doc: DynamoDBDocumentClient;
  readonly table: string;
  /** Seals configuration secrets; default: secretBoxFromEnv() (KMS when AMPFLEET_KMS_KEY_ID is set). */
  readonly secrets?: SecretBox;
}

export function openFleetStore(env: StoreEnv): FleetStore {
  const { doc } = createDynamoClients({ region: env.AWS_REGION, endpoint: env.AMPFLEET_DYNAMODB_ENDPOINT });
  return { doc, table: env.AMPFLEET_TABLE_NAME };
}

/** Fleet-wide counts for /api/health (numbers and a time only, no tenant data). */
export function readStoreHealth(store: FleetStore): Promise<HealthResponse> {
  return readHealth(store.doc, store.table);
}
