import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableKeys, type DlmNetworkRecord, type EnergyDayItem, type LoadBucketItem } from '@ampfleet/domain';
import { queryAll, withoutKeys } from './items';

// Reads of load.get and load.history: the site's DLM network items, one network's minute buckets or
// hour aggregates of a range (one Query, paged), the site's energy days. Every key is built from the caller's org.

/** The latest DLM state and meter reading of each of the site's DLM networks. */
export async function readDlmNetworks(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  siteId: string,
): Promise<DlmNetworkRecord[]> {
  const { pk } = tableKeys.site(orgId, siteId);
  const items = await queryAll(doc, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': 'DLM#' },
  });
  return items
    .filter((i) => i.orgId === orgId)
    .map((i) => withoutKeys<DlmNetworkRecord>(i))
    .sort((a, b) => a.networkId.localeCompare(b.networkId));
}

/** One network's minute buckets from `fromMinute` to `toMinute` (inclusive), in time order. */
export async function readLoadBuckets(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  siteId: string,
  range: { networkId: string; fromMinute: string; toMinute: string },
): Promise<LoadBucketItem[]> {
  const items = await queryAll(doc, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': tableKeys.networkLoad(orgId, siteId, range.networkId).pk,
      ':from': range.fromMinute,
      ':to': range.toMinute,
    },
  });
  return items.filter((i) => i.orgId === orgId);
}

/** One network's hour aggregates from `fromHour` to `toHour` ('YYYY-MM-DDTHH', inclusive), in time order. */
export async function readLoadHours(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  siteId: string,
  range: { networkId: string; fromHour: string; toHour: string },
): Promise<LoadBucketItem[]> {
  const items = await queryAll(doc, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': tableKeys.networkLoadHours(orgId, siteId, range.networkId).pk,
      ':from': range.fromHour,
      ':to': range.toHour,
    },
  });
  return items.filter((i) => i.orgId === orgId);
}

/** The site's energy day items of every connector from `fromDay` to `toDay` ('YYYY-MM-DD', inclusive). */
export async function readEnergyDays(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  siteId: string,
  range: { fromDay: string; toDay: string },
): Promise<EnergyDayItem[]> {
  const items = await queryAll(doc, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': tableKeys.siteEnergyDays(orgId, siteId).pk,
      ':from': range.fromDay,
      ':to': `${range.toDay}#\uffff`,
    },
  });
  return items
    .filter((i) => i.orgId === orgId)
    .map((i) => ({
      chargePointId: String(i.chargePointId),
      connectorId: Number(i.connectorId),
      day: String(i.day),
      firstWh: Number(i.firstWh),
      lastWh: Number(i.lastWh),
    }));
}
