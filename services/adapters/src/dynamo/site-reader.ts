import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  chargePointsSeen,
  EntityType,
  tableKeys,
  type ChargePointRecord,
  type SiteItem,
} from '@ampfleet/domain';
import type { FleetSnapshot } from './fleet-reader';
import { batchGetAll, queryAll, siteKeys, withoutKeys, type Item } from './items';

// Reads of one organisation's sites for the console: the site items alone (the list), and one site's
// partition (its live view). Every key is built from the organisation the caller is bound to.

/**
 * The organisation's site items (name, registration fields and the per-charge-point summary
 * attributes the ingest keeps on them): their keys from gsi2 'SITE' / 'ORG#<org>#SITE#…' (the index
 * holds keys only, so telemetry never writes it), then the items by BatchGet. One item per site.
 */
export async function readSiteItems(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
): Promise<SiteItem[]> {
  const items = await batchGetAll(doc, table, await siteKeys(doc, table, orgId));
  return items
    .filter((item) => item.orgId === orgId && typeof item.siteId === 'string')
    .map((item) => withoutKeys<SiteItem>(item))
    .sort((a, b) => a.siteId.localeCompare(b.siteId));
}

/**
 * A site's charge points: the items boot reports wrote, joined with every charge point the site
 * item's summary names (a charge point that never booted since the cloud knew it still shows), each
 * last seen at the later of the two marks (the ingest no longer writes the charge point's item per
 * message — telemetry-writer.ts).
 */
export function chargePointRecords(
  orgId: string,
  siteId: string,
  site: Item | undefined,
  items: readonly Item[],
): ChargePointRecord[] {
  const seen = site ? chargePointsSeen(site as SiteItem) : new Map<string, string | undefined>();
  const records = new Map<string, ChargePointRecord>();
  for (const item of items) {
    const record = withoutKeys<ChargePointRecord>(item);
    records.set(record.chargePointId, record);
  }
  for (const [chargePointId, seenAt] of seen) {
    const record = records.get(chargePointId) ?? { orgId, siteId, chargePointId };
    const later = [record.seenAt, seenAt]
      .filter((t): t is string => t !== undefined)
      .sort()
      .at(-1);
    records.set(chargePointId, { ...record, ...(later !== undefined && { seenAt: later }) });
  }
  return [...records.values()].sort((a, b) => a.chargePointId.localeCompare(b.chargePointId));
}

/** One site's partition split by entity; only items of `orgId` (defence in depth). */
export function snapshotOfPartition(
  orgId: string,
  siteId: string,
  items: readonly Item[],
): FleetSnapshot & { siteItem?: Item } {
  const own = items.filter((i) => i.orgId === orgId);
  const siteItem = own.find((i) => i.entity === EntityType.site);
  const of = (entity: string) => own.filter((i) => i.entity === entity);
  return {
    ...(siteItem && { siteItem }),
    sites: siteItem ? [withoutKeys({ name: siteId, ...siteItem })] : [],
    chargePoints: chargePointRecords(orgId, siteId, siteItem, of(EntityType.chargePoint)),
    connectors: of(EntityType.connector).map((i) => withoutKeys(i)),
    dlmNetworks: of(EntityType.dlmNetwork).map((i) => withoutKeys(i)),
  };
}

function queryPrefix(doc: DynamoDBDocumentClient, table: string, pk: string, prefix: string) {
  return queryAll(doc, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
  });
}

/** One site's item, charge points, connectors and DLM networks; undefined if the org has no such site. */
export async function readSiteSnapshot(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  siteId: string,
): Promise<(FleetSnapshot & { site: SiteItem }) | undefined> {
  const { pk, sk } = tableKeys.site(orgId, siteId);
  const [site, cps, dlm] = await Promise.all([
    doc.send(new GetCommand({ TableName: table, Key: { pk, sk } })),
    queryPrefix(doc, table, pk, 'CP#'),
    queryPrefix(doc, table, pk, 'DLM#'),
  ]);
  if (!site.Item || site.Item.orgId !== orgId) return undefined;
  const { siteItem: _, ...snapshot } = snapshotOfPartition(orgId, siteId, [site.Item, ...cps, ...dlm]);
  const siteItem = withoutKeys<SiteItem>({ name: siteId, ...site.Item });
  return { ...snapshot, site: siteItem };
}

/** Whether the organisation has this site (one key-only read of the site item). */
export async function siteExists(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  siteId: string,
): Promise<boolean> {
  const { pk, sk } = tableKeys.site(orgId, siteId);
  const { Item } = await doc.send(
    new GetCommand({ TableName: table, Key: { pk, sk }, ProjectionExpression: 'pk' }),
  );
  return Item !== undefined;
}
