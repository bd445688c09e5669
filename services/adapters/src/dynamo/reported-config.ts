import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EntityType, ReportedConfigRecord, tableKeys } from '@ampfleet/domain';
import { StoredItemInvalidError } from '../errors';
import { queryAll } from './items';

// The latest reported configuration of each of a site's ECUs (items CONFIG#REPORTED#<cp>, written by the
// ingest's 'reportedConfig' route in telemetry-writer.ts). Each record is parsed through the domain's
// ReportedConfigRecord on the way out, so readers (drift, console) rely on its type, not on the table.

export async function readReportedConfigs(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  siteId: string,
): Promise<ReportedConfigRecord[]> {
  const { pk, skPrefix } = tableKeys.siteReportedConfigs(orgId, siteId);
  const items = await queryAll(doc, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
  });
  return items
    .filter((item) => item.orgId === orgId && item.entity === EntityType.reportedConfig)
    .map((item) => {
      const parsed = ReportedConfigRecord.safeParse(item.record);
      if (!parsed.success)
        throw new StoredItemInvalidError(`reported configuration ${String(item.sk)}`, {
          cause: parsed.error,
        });
      return parsed.data;
    })
    .sort((a, b) => a.chargePointId.localeCompare(b.chargePointId));
}
