import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

// What every reader of the table shares: an item's own fields without the table's key attributes, and a
// Query that follows LastEvaluatedKey to the end.

export type Item = Record<string, unknown>;
const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'entity', 'expiresAt'];

export function withoutKeys<T>(item: Item): T {
  const copy: Item = { ...item };
  for (const k of KEY_ATTRIBUTES) delete copy[k];
  return copy as T;
}

/** Every page of one Query. */
export async function queryAll(
  doc: DynamoDBDocumentClient,
  input: ConstructorParameters<typeof QueryCommand>[0],
): Promise<Item[]> {
  const items: Item[] = [];
  let ExclusiveStartKey: Item | undefined;
  do {
    const page = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}
