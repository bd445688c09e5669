import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  ApiKeyView,
  formatApiKey,
  tableKeys,
  type ApiKeyCreateInput,
  type ApiKeyScope,
} from '@ampfleet/domain';
import { queryAll, withoutKeys } from '../items';

// Partner API keys. The secret is 256 random bits, so a plain SHA-256 is the right hash (what GitHub and
// Stripe do for tokens; a slow password hash buys nothing against a 256-bit secret and costs every request).
// The record is written twice in one transaction: under the key id (found when a request presents it) and
// in the organisation's key list.

export interface ApiKeyRecord extends ApiKeyView {
  orgId: string;
  secretHash: string;
}

const hashOf = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

export async function createApiKey(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  input: ApiKeyCreateInput & { createdBy: string; createdAt: string },
): Promise<{ key: string; view: ApiKeyView }> {
  const keyId = randomBytes(9)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '0')
    .slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  const view: ApiKeyView = {
    keyId,
    name: input.name,
    scopes: input.scopes,
    ratePerMinute: input.ratePerMinute,
    createdAt: input.createdAt,
    createdBy: input.createdBy,
  };
  const record: ApiKeyRecord = { ...view, orgId, secretHash: hashOf(secret) };
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: table,
            Item: { ...tableKeys.apiKey(keyId), entity: 'APIKEY', ...record },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: table,
            Item: { ...tableKeys.orgApiKey(orgId, keyId), entity: 'APIKEY', ...record },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    }),
  );
  return { key: formatApiKey(keyId, secret), view };
}

const toView = (item: Record<string, unknown>): ApiKeyView => {
  const { orgId: _org, secretHash: _hash, ...rest } = withoutKeys<ApiKeyRecord>(item);
  return ApiKeyView.parse(rest);
};

export async function listApiKeys(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
): Promise<ApiKeyView[]> {
  const { pk, skPrefix } = tableKeys.orgApiKeys(orgId);
  const items = await queryAll(doc, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
  });
  return items.map(toView);
}

/** Revokes one of the organisation's keys; undefined if it has no such key (or it is revoked already). */
export async function revokeApiKey(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  keyId: string,
  revokedAt: string,
): Promise<ApiKeyView | undefined> {
  const update = (Key: Record<string, string>) => ({
    Update: {
      TableName: table,
      Key,
      UpdateExpression: 'SET revokedAt = :at',
      ConditionExpression: 'orgId = :org AND attribute_not_exists(revokedAt)',
      ExpressionAttributeValues: { ':at': revokedAt, ':org': orgId },
    },
  });
  try {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [update(tableKeys.apiKey(keyId)), update(tableKeys.orgApiKey(orgId, keyId))],
      }),
    );
  } catch (err) {
    if ((err as Error).name === 'TransactionCanceledException') return undefined;
    throw err;
  }
  const keys = await listApiKeys(doc, table, orgId);
  return keys.find((k) => k.keyId === keyId);
}

/**
 * The key a request presents, if it exists, is not revoked and its secret matches — compared in constant
 * time; every failure looks the same to the caller.
 */
export async function verifyApiKey(
  doc: DynamoDBDocumentClient,
  table: string,
  keyId: string,
  secret: string,
): Promise<{ orgId: string; keyId: string; scopes: ApiKeyScope[]; ratePerMinute: number } | undefined> {
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: tableKeys.apiKey(keyId) }));
  const presented = Buffer.from(hashOf(secret), 'hex');
  const stored = Buffer.from(typeof Item?.secretHash === 'string' ? Item.secretHash : '', 'hex');
  const matches = stored.length === presented.length && timingSafeEqual(stored, presented);
  if (!Item || !matches || Item.revokedAt !== undefined) return undefined;
  const record = withoutKeys<ApiKeyRecord>(Item);
  return { orgId: record.orgId, keyId, scopes: record.scopes, ratePerMinute: record.ratePerMinute };
}
