import {
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import {
  contributionDelta,
  EntityType,
  siteAuditAttribute,
  siteAuditFacets,
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
// nothing, so the roll-up never double-counts. The same transaction writes the site list's audit facets
// on the SITE item (rules, parameters, finding counts, drifted ECUs — siteAuditFacets), so the list's
// rule and parameter filters read no more than the site items, and a finding that clears leaves them in
// the same write; a site without its SITE item (never registered) gets the result and roll-up only. Counters are top-level attributes `n:<counter>` (ADD works
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
  const rollup = Object.keys(delta).length
    ? [{ Update: rollupUpdate(table, orgId, delta, result.computedAt) }]
    : [];
  const write = async (withSite: boolean) => {
    const site = withSite ? [{ Update: siteFacetsUpdate(table, orgId, result) }] : [];
    if (site.length + rollup.length === 0) await doc.send(new PutCommand(put));
    else await doc.send(new TransactWriteCommand({ TransactItems: [{ Put: put }, ...site, ...rollup] }));
  };
  try {
    try {
      await write(true);
    } catch (err) {
      // Only the SITE item's condition failed (no such item): store without it.
      if (!siteItemMissing(err)) throw err;
      await write(false);
    }
    return 'stored';
  } catch (err) {
    const name = (err as Error).name;
    if (name === 'ConditionalCheckFailedException' || name === 'TransactionCanceledException')
      return 'conflict';
    throw err;
  }
}

/** A cancelled transaction whose only failed condition is the SITE item's (index 1). */
function siteItemMissing(err: unknown): boolean {
  if ((err as Error).name !== 'TransactionCanceledException') return false;
  const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  const codes = reasons?.map((r) => r.Code ?? 'None');
  if (codes === undefined) {
    // DynamoDB Local may leave the reasons out of the error object but names them in its message.
    const listed = /\[([^\]]*)\]/
      .exec((err as Error).message)?.[1]
      ?.split(',')
      .map((c) => c.trim());
    return (
      listed !== undefined &&
      listed[1] === 'ConditionalCheckFailed' &&
      listed.every((c, i) => i === 1 || c === 'None')
    );
  }
  return codes[1] === 'ConditionalCheckFailed' && codes.every((c, i) => i === 1 || c === 'None');
}

function siteFacetsUpdate(table: string, orgId: string, result: SiteAuditResult) {
  const facets = siteAuditFacets(result.findings, result.drift);
  const names: Record<string, string> = {
    '#org': 'orgId',
    '#f': siteAuditAttribute.findings,
    '#d': siteAuditAttribute.driftedEcus,
    '#r': siteAuditAttribute.rules,
    '#p': siteAuditAttribute.parameters,
  };
  const values: Record<string, unknown> = {
    ':org': orgId,
    ':f': facets.findings,
    ':d': facets.driftedEcus,
  };
  const set = ['#f = :f', '#d = :d'];
  const remove: string[] = [];
  // String sets cannot be empty: an empty one is removed.
  for (const [name, list] of [
    ['r', facets.rules],
    ['p', facets.parameters],
  ] as const) {
    if (list.length === 0) {
      remove.push(`#${name}`);
      continue;
    }
    set.push(`#${name} = :${name}`);
    values[`:${name}`] = new Set(list);
  }
  const { pk, sk } = tableKeys.site(orgId, result.siteId);
  return {
    TableName: table,
    Key: { pk, sk },
    ConditionExpression: 'attribute_exists(pk) AND #org = :org',
    UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
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
