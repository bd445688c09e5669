import { createDynamoClients, createLogger, readStoreEnv, type Logger } from '@ampfleet/adapters';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

// Per-process dependencies of the handlers, built once on first use (a Lambda cold start, or the
// local router's first message) from the environment.
export interface HandlerRuntime {
  doc: DynamoDBDocumentClient;
  table: string;
  log: Logger;
  nowMs: () => number;
}

let runtime: HandlerRuntime | undefined;

export function handlerRuntime(): HandlerRuntime {
  if (!runtime) {
    const env = readStoreEnv(process.env);
    const { doc } = createDynamoClients({ region: env.AWS_REGION, endpoint: env.AMPFLEET_DYNAMODB_ENDPOINT });
    runtime = {
      doc,
      table: env.AMPFLEET_TABLE_NAME,
      log: createLogger('functions'),
      nowMs: () => Date.now(),
    };
  }
  return runtime;
}
