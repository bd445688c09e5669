import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import {
  Site,
  tableKeys,
  type DesiredConfigMeta,
  type DesiredConfigVersion,
  type SiteSecrets,
} from '@ampfleet/domain';
import { StoredItemInvalidError } from '../errors';
import type { SecretBox } from './secret-box';

// The site's desired configuration, versioned (items CONFIG#V#<version> and the head CONFIG#DESIRED,
// table.ts). A save writes the new version and moves the head in ONE transaction whose condition is that
// the head is still at the version the caller based the change on — a stale save writes nothing.
// Secrets live in a separate attribute, sealed through the SecretBox port (secret-box.ts locally, KMS in
// AWS: kms-secret-box.ts, bound to org + site); the `site` attribute never holds one.

type Key = { pk: string; sk: string };

/** The stored item of a version under `key` (the head or the version's own key); `sealed` = its secrets, sealed. */
export function itemOf(
  orgId: string,
  siteId: string,
  record: DesiredConfigVersion,
  key: Key,
  sealed: string,
) {
  return {
    ...key,
    orgId,
    siteId,
    version: record.version,
    savedAt: record.savedAt,
    savedBy: record.savedBy,
    ...(record.comment !== undefined && { comment: record.comment }),
    changes: record.changes,
    site: record.site,
    secrets: sealed,
  };
}

function metaOf(item: Record<string, unknown>): DesiredConfigMeta {
  return {
    version: Number(item.version),
    savedAt: String(item.savedAt),
    savedBy: String(item.savedBy),
    ...(typeof item.comment === 'string' && { comment: item.comment }),
    changes: (item.changes as DesiredConfigMeta['changes'] | undefined) ?? [],
  };
}

async function recordOf(
  item: Record<string, unknown>,
  box: SecretBox,
  context: { orgId: string; siteId: string },
): Promise<DesiredConfigVersion> {
  const what = `desired configuration ${String(item.sk)}`;
  const site = Site.safeParse(item.site);
  if (!site.success) throw new StoredItemInvalidError(what, { cause: site.error });
  const secrets = JSON.parse(await box.unseal(String(item.secrets), context, what)) as SiteSecrets;
  return { ...metaOf(item), site: site.data, secrets };
}

/** The latest version (the head), or undefined when the site has none. */
export async function readDesiredConfig(
  doc: DynamoDBDocumentClient,
  table: string,
  box: SecretBox,
  orgId: string,
  siteId: string,
  version?: number,
): Promise<DesiredConfigVersion | undefined> {
  const Key =
    version === undefined
      ? tableKeys.desiredSiteConfig(orgId, siteId)
      : tableKeys.desiredConfigVersion(orgId, siteId, version);
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key, ConsistentRead: true }));
  // Items of the earlier unversioned layout (no `version`) count as no configuration.
  if (!Item || Item.orgId !== orgId || typeof Item.version !== 'number') return undefined;
  return recordOf(Item, box, { orgId, siteId });
}

/** Versions newest first, without their sites or secrets; `from`/`to` bound the versions (inclusive). */
export async function listDesiredConfigVersions(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  siteId: string,
  options: { limit: number; from?: number; to?: number },
): Promise<DesiredConfigMeta[]> {
  const { pk } = tableKeys.siteDesiredConfigVersions(orgId, siteId);
  const lo = tableKeys.desiredConfigVersion(orgId, siteId, options.from ?? 0).sk;
  const hi = tableKeys.desiredConfigVersion(orgId, siteId, options.to ?? 9_999_999_999).sk;
  const out: DesiredConfigMeta[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
        ExpressionAttributeValues: { ':pk': pk, ':lo': lo, ':hi': hi },
        ProjectionExpression: 'orgId, version, savedAt, savedBy, #c, changes',
        ExpressionAttributeNames: { '#c': 'comment' },
        ScanIndexForward: false,
        Limit: options.limit - out.length,
        ...(start && { ExclusiveStartKey: start }),
      }),
    );
    for (const item of page.Items ?? []) if (item.orgId === orgId) out.push(metaOf(item));
    start = page.LastEvaluatedKey;
  } while (start && out.length < options.limit);
  return out;
}

/**
 * Writes `record` as the next version, if the head is at `baseVersion` (undefined: the site has no
 * configuration yet). 'conflict' when it is not — nothing was written.
 */
export async function saveDesiredConfig(
  doc: DynamoDBDocumentClient,
  table: string,
  box: SecretBox,
  orgId: string,
  siteId: string,
  record: DesiredConfigVersion,
  baseVersion: number | undefined,
): Promise<'saved' | 'conflict'> {
  const head = tableKeys.desiredSiteConfig(orgId, siteId);
  const version = tableKeys.desiredConfigVersion(orgId, siteId, record.version);
  const sealed = await box.seal(JSON.stringify(record.secrets), { orgId, siteId });
  try {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table,
              Item: itemOf(orgId, siteId, record, head, sealed),
              ...(baseVersion === undefined
                ? { ConditionExpression: 'attribute_not_exists(pk) OR attribute_not_exists(version)' }
                : {
                    ConditionExpression: 'version = :base',
                    ExpressionAttributeValues: { ':base': baseVersion },
                  }),
            },
          },
          {
            Put: {
              TableName: table,
              Item: itemOf(orgId, siteId, record, version, sealed),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
    return 'saved';
  } catch (err) {
    // Both conditions guard the head: a stale base, or a version someone else just wrote.
    if ((err as Error).name === 'TransactionCanceledException') return 'conflict';
    throw err;
  }
}
