import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AuditEntry, tableKeys, type AuditTrailQuery } from '@ampfleet/domain';
import { withoutKeys } from '../items';

// The audit trail: append-only (a conditional put; there is no update or delete here), newest first.

export async function appendAuditEntry(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  entry: AuditEntry,
): Promise<void> {
  await doc.send(
    new PutCommand({
      TableName: table,
      Item: { ...tableKeys.auditEntry(orgId, entry.at, entry.entryId), entity: 'AUDIT', ...entry },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

const encodeCursor = (key: Record<string, unknown> | undefined) =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;

function decodeCursor(orgId: string, cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
  // A cursor is only ever a key of this organisation's trail.
  if (key.pk !== tableKeys.orgAuditTrail(orgId).pk || typeof key.sk !== 'string')
    throw new Error('bad cursor');
  return { pk: key.pk, sk: key.sk };
}

export async function listAuditEntries(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  query: Required<Pick<AuditTrailQuery, 'limit'>> & Omit<AuditTrailQuery, 'limit'>,
): Promise<{ items: AuditEntry[]; nextCursor?: string }> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':pk': tableKeys.orgAuditTrail(orgId).pk };
  let keyCondition = 'pk = :pk';
  if (query.from && query.to) {
    keyCondition += ' AND sk BETWEEN :from AND :to';
    Object.assign(values, { ':from': query.from, ':to': `${query.to}~` });
  } else if (query.from) {
    keyCondition += ' AND sk >= :from';
    values[':from'] = query.from;
  } else if (query.to) {
    keyCondition += ' AND sk <= :to';
    values[':to'] = `${query.to}~`;
  }
  const filters: string[] = [];
  if (query.action) {
    filters.push('#action = :action');
    names['#action'] = 'action';
    values[':action'] = query.action;
  }
  if (query.actor) {
    filters.push('(contains(actorLabel, :actor) OR actorId = :actor)');
    values[':actor'] = query.actor;
  }
  if (query.siteId) {
    filters.push('siteId = :site');
    values[':site'] = query.siteId;
  }
  const items: AuditEntry[] = [];
  let start = decodeCursor(orgId, query.cursor);
  // Filters apply after the read: keep reading pages until the page is full or the trail ends.
  do {
    const page = await doc.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: keyCondition,
        FilterExpression: filters.length ? filters.join(' AND ') : undefined,
        ExpressionAttributeNames: Object.keys(names).length ? names : undefined,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: query.limit - items.length,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []).map((i) => AuditEntry.parse(withoutKeys(i))));
    start = page.LastEvaluatedKey;
  } while (start && items.length < query.limit);
  return { items, nextCursor: encodeCursor(start) };
}
