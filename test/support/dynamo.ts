import { createDynamoClients, ensureTable } from '@ampfleet/adapters';
import { freePort, startDynamoDbLocal, type DynamoDbLocal } from '@ampfleet/local';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';

export const TEST_REGION = 'eu-central-1';

export interface TestStore {
  dynamo: DynamoDbLocal;
  table: string;
  clients: ReturnType<typeof createDynamoClients>;
  /** Every item in the table (tests use small tables). */
  scanAll(): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

/** A real DynamoDB Local on a free loopback port with the fleet table created from the shared key schema. */
export async function startTestStore(table = 'ampfleet-test'): Promise<TestStore> {
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const clients = createDynamoClients({ region: TEST_REGION, endpoint: dynamo.endpoint });
  await ensureTable(clients.raw, table);
  return {
    dynamo,
    table,
    clients,
    async scanAll() {
      const out = await clients.doc.send(new ScanCommand({ TableName: table }));
      return out.Items ?? [];
    },
    async stop() {
      clients.raw.destroy();
      await dynamo.child.stop();
    },
  };
}

/** Points the handler runtime (services/functions) at the test store, as Lambda's environment would. */
export function useStoreEnv(store: TestStore): void {
  Object.assign(process.env, {
    AMPFLEET_TABLE_NAME: store.table,
    AWS_REGION: TEST_REGION,
    AMPFLEET_DYNAMODB_ENDPOINT: store.dynamo.endpoint,
  });
}
