import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
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
  type SiteRecord,
} from '@ampfleet/domain';

import { queryAll, withoutKeys } from './items';

// Reads of the fleet table. Every read of tenant data takes the organisation and queries through an
// organisation-scoped key (gsi1), so no caller can list another organisation's sites by mistake.

export interface FleetSnapshot {
  sites: SiteRecord[];
  chargePoints: ChargePointRecord[];
  connectors: ConnectorRecord[];
  dlmNetworks: DlmNetworkRecord[];
}

export async function readFleet(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
): Promise<FleetSnapshot> {
  const items = await queryAll(doc, {
    TableName: table,
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :org',
    ExpressionAttributeValues: { ':org': tableKeys.orgFleet(orgId).gsi1pk },
  });
  const snapshot: FleetSnapshot = { sites: [], chargePoints: [], connectors: [], dlmNetworks: [] };
  for (const item of items) {
    if (item.orgId !== orgId) continue; // defence in depth: never hand out another tenant's item
    if (item.entity === EntityType.site)
      snapshot.sites.push(withoutKeys<SiteRecord>({ name: item.siteId, ...item }));
    else if (item.entity === EntityType.chargePoint) snapshot.chargePoints.push(withoutKeys(item));
    else if (item.entity === EntityType.connector) snapshot.connectors.push(withoutKeys(item));
    else if (item.entity === EntityType.dlmNetwork) snapshot.dlmNetworks.push(withoutKeys(item));
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

/** Fleet-wide counts for the health endpoint (no tenant data leaves: only numbers and a time). */
export async function readHealth(doc: DynamoDBDocumentClient, table: string): Promise<HealthResponse> {
  // The two index partitions are read side by side: at 2,000 sites the CP count is most of the time.
  const [sites, chargePoints] = await Promise.all([
    queryAll(doc, {
      TableName: table,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :t',
      ExpressionAttributeValues: { ':t': EntityType.site },
      ProjectionExpression: 'lastTelemetryAt',
    }),
    countChargePoints(doc, table),
  ]);
  const times = sites.map((s) => s.lastTelemetryAt).filter((t): t is string => typeof t === 'string');
  const lastTelemetryAt = times.length
    ? times.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b))
    : null;
  return { status: 'ok', sites: sites.length, chargePoints, lastTelemetryAt };
}

async function countChargePoints(doc: DynamoDBDocumentClient, table: string): Promise<number> {
  let chargePoints = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :t',
        ExpressionAttributeValues: { ':t': EntityType.chargePoint },
        Select: 'COUNT',
        ExclusiveStartKey,
      }),
    );
    chargePoints += page.Count ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return chargePoints;
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
  await doc.send(
    new UpdateCommand({
      TableName: table,
      Key: { pk, sk },
      UpdateExpression: [
        'SET #name = :name, orgId = :org, siteId = :site, entity = :e, gsi1pk = :g1p, gsi1sk = :g1s, gsi2pk = :g2p, gsi2sk = :g2s',
        ...sets,
      ].join(', '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: {
        ':name': site.name,
        ':org': site.orgId,
        ':site': site.siteId,
        ':e': EntityType.site,
        ':g1p': indexKeys.gsi1pk,
        ':g1s': indexKeys.gsi1sk,
        ':g2p': indexKeys.gsi2pk,
        ':g2s': indexKeys.gsi2sk,
        ...values,
      },
    }),
  );
}
