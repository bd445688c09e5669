import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoConnection {
  /** Set for DynamoDB Local (http://127.0.0.1:PORT); absent in AWS. */
  endpoint?: string;
  region: string;
}

export function createDynamoClients(conn: DynamoConnection): {
  raw: DynamoDBClient;
  doc: DynamoDBDocumentClient;
} {
  const raw = new DynamoDBClient({
    region: conn.region,
    ...(conn.endpoint && {
      endpoint: conn.endpoint,
      // DynamoDB Local accepts any credentials; never let the SDK look for real ones on a dev machine.
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    maxAttempts: 3,
  });
  const doc = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  return { raw, doc };
}
