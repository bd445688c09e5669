import { createDynamoClients } from '@ampfleet/adapters';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { serverEnv } from './env';

// One DynamoDB document client per server process.
let store: { doc: DynamoDBDocumentClient; table: string } | undefined;

export function fleetStore() {
  if (!store) {
    const env = serverEnv();
    const { doc } = createDynamoClients({ region: env.AWS_REGION, endpoint: env.AMPFLEET_DYNAMODB_ENDPOINT });
    store = { doc, table: env.AMPFLEET_TABLE_NAME };
  }
  return store;
}
