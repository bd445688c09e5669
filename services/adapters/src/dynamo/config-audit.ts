import {
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import {
  contributionDelta,
  EntityType,
  tableKeys,
  type RollupCounters,
  type SiteAuditResult,
  type StoredSiteAuditResult,
} from '@ampfleet/domain';
import { StoredItemInvalidError } from '../errors';

// The site's stored audit-and-drift result (CONFIG#AUDIT) and the organisation's roll-up (ORG#<org>#FLEET /
// CONFIG#ROLLUP, table.ts). A store writes the result — which carries the site's roll-up contribution —
// and ADDs (new − old contribution) to the roll-up in ONE transaction, conditional on the result's
// revision being the one the caller read: a replay or a racing writer fails the condition and adds
// nothing, so the roll-up never double-counts. Counters are top-level attributes `n:<counter>` (ADD works
// on a missing attribute; nested map paths would need the map to exist).

const COUNTER_PREFIX = 'n:';

export async function readSiteAuditResult(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  siteId: string,
): Promise<StoredSiteAuditResult | undefined> {
  const { Item } = await doc.send(
    new GetCommand({ TableName: table, Key: tableKeys.siteAuditResult(orgId, siteId), ConsistentRead: true }),
  );
  if (!Item || Item.orgId !== orgId) return undefined;
  if (typeof Item.revision !== 'number' || typeof Item.result !== 'object' || Item.result === null)
    throw new StoredItemInvalidError(`audit result of site ${siteId}`);
  return { ...(Item.result as SiteAuditResult), revision: Item.revision };
}

/**
 * Stores `result` if the stored revision is still `previous?.revision` (none stored: `previous`
 * undefined). 'conflict' when it is not, or when a concurrent roll-up write collided — nothing written.
 */
export async function storeSiteAuditResult(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  result: SiteAuditResult,
  previous: Pick<StoredSiteAuditResult, 'revision' | 'contribution'> | undefined,
): Promise<'stored' | 'conflict'> {
  const revision = (previous?.revision ?? 0) + 1;
  const put = {
    TableName: table,
    Item: {
      ...tableKeys.siteAuditResult(orgId, result.siteId),
      orgId,
      siteId: result.siteId,
      entity: EntityType.auditResult,
      revision,
      result,
    },
    ...(previous
      ? { ConditionExpression: 'revision = :rev', ExpressionAttributeValues: { ':rev': previous.revision } }
      : { ConditionExpression: 'attribute_not_exists(pk)' }),
  };
  const delta = contributionDelta(previous?.contribution, result.contribution);
  try {
    if (Object.keys(delta).length === 0) await doc.send(new PutCommand(put));
    else
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [{ Put: put }, { Update: rollupUpdate(table, orgId, delta, result.computedAt) }],
        }),
      );
    return 'stored';
  } catch (err) {
    const name = (err as Error).name;
    if (name === 'ConditionalCheckFailedException' || name === 'TransactionCanceledException')
      return 'conflict';
    throw err;
  }
}

function rollupUpdate(table: string, orgId: string, delta: RollupCounters, at: string) {
  const names: Record<string, string> = { '#org': 'orgId', '#at': 'updatedAt', '#e': 'entity' };
  const values: Record<string, unknown> = { ':org': orgId, ':at': at, ':e': EntityType.configRollup };
  const adds = Object.entries(delta).map(([counter, n], i) => {
    names[`#c${i}`] = `${COUNTER_PREFIX}${counter}`;
    values[`:c${i}`] = n;
    return `#c${i} :c${i}`;
  });
  return {
    TableName: table,
    Key: tableKeys.orgConfigRollup(orgId),
    UpdateExpression: `SET #org = :org, #at = :at, #e = :e ADD ${adds.join(', ')}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** The organisation's roll-up counters ({} before any site was audited) and when they last changed. */
export async function readConfigRollup(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
): Promise<{ counters: RollupCounters; updatedAt?: string }> {
  const { Item } = await doc.send(
    new GetCommand({ TableName: table, Key: tableKeys.orgConfigRollup(orgId), ConsistentRead: true }),
  );
  if (!Item || Item.orgId !== orgId) return { counters: {} };
  const counters: RollupCounters = {};
  for (const [name, value] of Object.entries(Item))
    if (name.startsWith(COUNTER_PREFIX) && typeof value === 'number' && value !== 0)
      counters[name.slice(COUNTER_PREFIX.length)] = value;
  return { counters, ...(typeof Item.updatedAt === 'string' && { updatedAt: Item.updatedAt }) };
}
