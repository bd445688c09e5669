import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EntityType, tableKeys, type SiteItem } from '@ampfleet/domain';
import type { FleetSnapshot } from './fleet-reader';
import { queryAll, withoutKeys, type Item } from './items';

// Reads of one organisation's sites for the console: the site items alone (the list), and one site's
// partition (its live view). Every key is built from the organisation the caller is bound to.

/**
 * The organisation's site items (name, registration fields and the per-charge-point summary
 * attributes the ingest keeps on them) through gsi2 'SITE' / 'ORG#<org>#SITE#…': one item per site.
 * No ProjectionExpression: the summary attributes are named per charge point, and the site item
 * holds nothing else of size.
 */
export async function readSiteItems(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
): Promise<SiteItem[]> {
  const { gsi2pk, gsi2sk } = tableKeys.site(orgId, '');
  const items = await queryAll(doc, {
    TableName: table,
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :t AND begins_with(gsi2sk, :org)',
    ExpressionAttributeValues: { ':t': gsi2pk, ':org': gsi2sk },
  });
  return items
    .filter((item) => item.orgId === orgId && typeof item.siteId === 'string')
    .map((item) => withoutKeys<SiteItem>(item));
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
  const siteItem = withoutKeys<SiteItem>({ name: siteId, ...site.Item });
  const own = (item: Item) => item.orgId === orgId;
  return {
    site: siteItem,
    sites: [siteItem as unknown as FleetSnapshot['sites'][number]],
    chargePoints: cps.filter((i) => own(i) && i.entity === EntityType.chargePoint).map((i) => withoutKeys(i)),
    connectors: cps.filter((i) => own(i) && i.entity === EntityType.connector).map((i) => withoutKeys(i)),
    dlmNetworks: dlm.filter((i) => own(i) && i.entity === EntityType.dlmNetwork).map((i) => withoutKeys(i)),
  };
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
