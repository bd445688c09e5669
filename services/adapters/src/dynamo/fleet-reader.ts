import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  chargePointsSeen,
  EntityType,
  maskIdTag,
  tableKeys,
  TRANSACTION_ENTITY,
  TRANSACTION_SK_PREFIX,
  type TransactionRecord,
  type ChargePointRecord,
  type ConnectorRecord,
  type DlmNetworkRecord,
  type HealthResponse,
  type ItemKey,
  type SiteItem,
  type SiteRecord,
} from '@ampfleet/domain';

import { batchGetAll, queryAll, siteKeys, withoutKeys } from './items';
import { snapshotOfPartition } from './site-reader';

// Reads of the fleet table. Every read of tenant data takes the organisation and starts from an
// organisation-scoped key (gsi2's ORG#<org>#SITE# prefix, or a site partition), so no caller can list
// another organisation's sites by mistake.

export interface FleetSnapshot {
  sites: SiteRecord[];
  chargePoints: ChargePointRecord[];
  connectors: ConnectorRecord[];
  dlmNetworks: DlmNetworkRecord[];
}

/** Site partitions read side by side by readFleet. */
const PARTITIONS_IN_FLIGHT = 8;

/**
 * The whole organisation: every site's partition (Query pk per site, from the site keys in gsi2).
 * Tests and benchmarks read it; the console reads one page of sites or one site instead.
 */
export async function readFleet(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
): Promise<FleetSnapshot> {
  const keys = await siteKeys(doc, table, orgId);
  const snapshot: FleetSnapshot = { sites: [], chargePoints: [], connectors: [], dlmNetworks: [] };
  const parts: FleetSnapshot[] = new Array<FleetSnapshot>(keys.length);
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const i = next++;
      const key = keys[i] as ItemKey;
      const items = await queryAll(doc, {
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': key.pk },
      });
      const siteId = items.find((item) => item.entity === EntityType.site)?.siteId;
      parts[i] = snapshotOfPartition(orgId, typeof siteId === 'string' ? siteId : '', items);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARTITIONS_IN_FLIGHT, keys.length) }, worker));
  for (const part of parts) {
    snapshot.sites.push(...part.sites);
    snapshot.chargePoints.push(...part.chargePoints);
    snapshot.connectors.push(...part.connectors);
    snapshot.dlmNetworks.push(...part.dlmNetworks);
  }
  return snapshot;
}

/** Most transactions returned by one read of a site's transactions. */
export const MAX_TRANSACTIONS_READ = 200;

/**
 * A site's most recent transactions (by start, newest first). Keyed by the organisation's site
 * partition, so a caller can only name sites of the organisation it is scoped to. idTags leave masked.
 */
export async function readTransactions(
  doc: DynamoDBDocumentClient,
  table: string,
  input: { orgId: string; siteId: string; limit: number },
): Promise<TransactionRecord[]> {
  const page = await doc.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :tx)',
      ExpressionAttributeValues: {
        ':pk': tableKeys.site(input.orgId, input.siteId).pk,
        ':tx': TRANSACTION_SK_PREFIX,
      },
      ScanIndexForward: false,
      Limit: Math.min(Math.max(1, input.limit), MAX_TRANSACTIONS_READ),
    }),
  );
  return (page.Items ?? [])
    .filter((item) => item.orgId === input.orgId && item.entity === TRANSACTION_ENTITY)
    .map((item) => {
      const { idTag, ...rest } = withoutKeys<TransactionRecord & { idTag?: string }>(item);
      return typeof idTag === 'string' ? { ...rest, idTagMasked: maskIdTag(idTag) } : rest;
    });
}

/**
 * A site's transactions whose sort key is at or after `fromIso` (the key holds the start time as the
 * ECU sent it, so callers pass a margin and filter on the parsed time), every page. Only the fields a
 * tally needs are read: no idTag leaves.
 */
export async function readTransactionsStartedSince(
  doc: DynamoDBDocumentClient,
  table: string,
  input: { orgId: string; siteId: string; fromIso: string },
): Promise<TransactionRecord[]> {
  const items = await queryAll(doc, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': tableKeys.site(input.orgId, input.siteId).pk,
      ':from': `${TRANSACTION_SK_PREFIX}${input.fromIso}`,
      // '~' sorts after every character of an ISO time, so this closes the TX# range.
      ':to': `${TRANSACTION_SK_PREFIX}~`,
    },
    ProjectionExpression:
      'orgId, siteId, entity, chargePointId, transactionId, connectorId, startedAt, stoppedAt, meterStartWh, meterStopWh, energyWh, matched',
  });
  return items
    .filter((item) => item.orgId === input.orgId && item.entity === TRANSACTION_ENTITY)
    .map((item) => withoutKeys<TransactionRecord>(item));
}

/**
 * Fleet-wide counts for the health endpoint (no tenant data leaves: only numbers and a time): the
 * site items of every organisation, each counting the charge points its summary names.
 */
export async function readHealth(doc: DynamoDBDocumentClient, table: string): Promise<HealthResponse> {
  const sites = await batchGetAll(doc, table, await siteKeys(doc, table));
  let chargePoints = 0;
  let lastTelemetryAt: string | null = null;
  for (const site of sites) {
    chargePoints += chargePointsSeen(site as SiteItem).size;
    const at = site.lastTelemetryAt;
    if (typeof at === 'string' && (lastTelemetryAt === null || Date.parse(at) > Date.parse(lastTelemetryAt)))
      lastTelemetryAt = at;
  }
  return { status: 'ok', sites: sites.length, chargePoints, lastTelemetryAt };
}

/** What a site's registration stores on its item (from its configuration, services/domain config/site.ts). */
export interface SiteRegistration {
  orgId: string;
  siteId: string;
  name: string;
  address?: string;
  tags?: string[];
  timeZone?: string;
  /** Firmware versions of the site's ECUs as configured. */
  firmware?: string[];
  /** Audit findings of the configuration (auditSite), for the list's "has findings" filter. */
  findings?: { errors: number; warnings: number };
}

/** Registers (or renames) a site of an organisation; keeps telemetry already stored on the item. */
export async function registerSite(
  doc: DynamoDBDocumentClient,
  table: string,
  site: SiteRegistration,
): Promise<void> {
  await doc.send(new UpdateCommand(siteRegistrationUpdate(table, site)));
}

/** The update that registers a site (one item); also used inside the create-site transaction. */
export function siteRegistrationUpdate(table: string, site: SiteRegistration) {
  const { pk, sk, ...indexKeys } = tableKeys.site(site.orgId, site.siteId);
  const optional = {
    address: site.address,
    tags: site.tags,
    timeZone: site.timeZone,
    firmware: site.firmware,
    findings: site.findings,
  };
  const names: Record<string, string> = { '#name': 'name' };
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  for (const [field, value] of Object.entries(optional)) {
    if (value === undefined) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = :${field}`);
  }
  return {
    TableName: table,
    Key: { pk, sk },
    UpdateExpression: [
      'SET #name = :name, orgId = :org, siteId = :site, entity = :e, gsi2pk = :g2p, gsi2sk = :g2s',
      ...sets,
    ].join(', '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: {
      ':name': site.name,
      ':org': site.orgId,
      ':site': site.siteId,
      ':e': EntityType.site,
      ':g2p': indexKeys.gsi2pk,
      ':g2s': indexKeys.gsi2sk,
      ...values,
    },
  };
}
