import { createDynamoClients, ensureTable } from '@ampfleet/adapters';
import { freePort, startDynamoDbLocal } from '@ampfleet/local';
import { randomUUID } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';

export const TEST_REGION = 'eu-central-1';

export interface TestStore {
  /** Where the store answers (the integration run's shared DynamoDB Local, or this file's own). */
  dynamo: { endpoint: string };
  table: string;
  clients: ReturnType<typeof createDynamoClients>;
  /** Every item in the table (tests use small tables). */
  scanAll(): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The integration run's one DynamoDB Local (test/support/global-setup.ts); each file gets its own table. */
    sharedDynamoEndpoint?: string;
  }
}

/**
 * A real DynamoDB Local with the fleet table created from the shared key schema: in the integration run,
 * a table of this file's own on the run's one DynamoDB Local (a JVM start per file cost ~4 s of CI time
 * each); elsewhere, or with `own: true` (a test that stops the server), a JVM of its own on a free port.
 */
export async function startTestStore(
  table = 'ampfleet-test',
  options: { own?: boolean } = {},
): Promise<TestStore> {
  const shared = options.own ? undefined : sharedEndpoint();
  const own = shared === undefined ? await startDynamoDbLocal({ port: await freePort() }) : undefined;
  const endpoint = shared ?? own!.endpoint;
  const name = shared === undefined ? table : `${table}-${randomUUID().slice(0, 8)}`;
  const clients = createDynamoClients({ region: TEST_REGION, endpoint });
  await ensureTable(clients.raw, name);
  return {
    dynamo: { endpoint },
    table: name,
    clients,
    async scanAll() {
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out = await clients.doc.send(new ScanCommand({ TableName: name, ExclusiveStartKey: start }));
        items.push(...(out.Items ?? []));
        start = out.LastEvaluatedKey;
      } while (start);
      return items;
    },
    async stop() {
      if (own) await own.child.stop();
      else await clients.raw.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
      clients.raw.destroy();
    },
  };
}

function sharedEndpoint(): string | undefined {
  try {
    return inject('sharedDynamoEndpoint');
  } catch {
    return undefined; // not inside a Vitest worker (a bench or a script)
  }
}

/** Points the handler runtime (services/functions) at the test store, as Lambda's environment would. */
export function useStoreEnv(store: TestStore): void {
  Object.assign(process.env, {
    AMPFLEET_TABLE_NAME: store.table,
    AWS_REGION: TEST_REGION,
    AMPFLEET_DYNAMODB_ENDPOINT: store.dynamo.endpoint,
  });
}
