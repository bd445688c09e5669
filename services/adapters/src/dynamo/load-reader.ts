import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableKeys, type DlmNetworkRecord, type LoadBucketItem } from '@ampfleet/domain';
import { queryAll, withoutKeys } from './items';

// Reads of load.get and load.history: the site's DLM network items and
// one network's minute buckets of a range (one Query, paged). Every key is built from the caller's org.

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
