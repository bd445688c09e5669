import { BatchGetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableKeys, type ItemKey } from '@ampfleet/domain';

// What every reader of the table shares: an item's own fields without the table's key attributes, a
// Query that follows LastEvaluatedKey to the end, and the site items of an organisation (keys from
// gsi2, which holds keys only, then the items themselves by BatchGet).

export type Item = Record<string, unknown>;
const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi2pk', 'gsi2sk', 'entity', 'expiresAt'];

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

/** BatchGetItem's limit of keys per request. */
const BATCH_GET_KEYS = 100;
/** Batches read side by side (DynamoDB Local on two cores gains nothing past a few). */
const BATCH_GETS_IN_FLIGHT = 4;

/** The items of `keys` (missing ones left out), in no particular order; unprocessed keys are retried. */
export async function batchGetAll(
  doc: DynamoDBDocumentClient,
  table: string,
  keys: readonly ItemKey[],
): Promise<Item[]> {
  const chunks: ItemKey[][] = [];
  for (let i = 0; i < keys.length; i += BATCH_GET_KEYS) chunks.push(keys.slice(i, i + BATCH_GET_KEYS));
  const items: Item[] = [];
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      let pending: Item[] | undefined = chunks[next++]?.map((k) => ({ pk: k.pk, sk: k.sk }));
      for (let attempt = 0; pending?.length; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
        const out = await doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending } } }));
        items.push(...(out.Responses?.[table] ?? []));
        pending = out.UnprocessedKeys?.[table]?.Keys;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(BATCH_GETS_IN_FLIGHT, chunks.length) }, worker));
  return items;
}

/** The keys of the site items in gsi2: one organisation's, or (no orgId) every organisation's. */
export async function siteKeys(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId?: string,
): Promise<ItemKey[]> {
  const org = orgId === undefined ? undefined : tableKeys.orgSites(orgId);
  const items = await queryAll(doc, {
    TableName: table,
    IndexName: 'gsi2',
    KeyConditionExpression: org ? 'gsi2pk = :t AND begins_with(gsi2sk, :org)' : 'gsi2pk = :t',
    ExpressionAttributeValues: {
      ':t': tableKeys.allSites().gsi2pk,
      ...(org && { ':org': org.gsi2skPrefix }),
    },
  });
  return items.map((item) => ({ pk: String(item.pk), sk: String(item.sk) }));
}
