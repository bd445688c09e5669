import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { tableKeySchema } from '@ampfleet/domain';

/** CreateTable input from the shared key schema (the same one infra deploys). */
export function createTableInput(name: string): CreateTableCommandInput {
  const attrs = new Set<string>([tableKeySchema.partitionKey, tableKeySchema.sortKey]);
  for (const g of tableKeySchema.globalSecondaryIndexes) {
    attrs.add(g.partitionKey);
    attrs.add(g.sortKey);
  }
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    StreamSpecification: { StreamEnabled: true, StreamViewType: tableKeySchema.streamViewType },
    AttributeDefinitions: [...attrs].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: tableKeySchema.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableKeySchema.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: tableKeySchema.globalSecondaryIndexes.map((g) => ({
      IndexName: g.indexName,
      KeySchema: [
        { AttributeName: g.partitionKey, KeyType: 'HASH' },
        { AttributeName: g.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: g.projection },
    })),
  };
}

/** Creates the table (and its TTL) unless it exists; used by the local runtime and tests. */
export async function ensureTable(client: DynamoDBClient, name: string): Promise<'created' | 'existed'> {
  try {
    await client.send(new CreateTableCommand(createTableInput(name)));
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
    // A table made before the stream existed (a persistent local database) gets it now.
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    if (!Table?.StreamSpecification?.StreamEnabled)
      await client.send(
        new UpdateTableCommand({
          TableName: name,
          StreamSpecification: { StreamEnabled: true, StreamViewType: tableKeySchema.streamViewType },
        }),
      );
    return 'existed';
  }
  for (let i = 0; i < 100; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    if (Table?.TableStatus === 'ACTIVE') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: name,
      TimeToLiveSpecification: { AttributeName: tableKeySchema.ttlAttribute, Enabled: true },
    }),
  );
  return 'created';
}
