import { forOrg } from '@ampfleet/adapters';
import { refreshSiteAudit, type RefreshOutcome } from '@ampfleet/app';
import { OrgId, SiteId, siteOfPartitionKey, type FieldIssue } from '@ampfleet/domain';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { handlerRuntime, type HandlerRuntime } from './runtime';

// Table stream → Lambda (locally: the router's reader of DynamoDB Local's stream): a site's desired
// configuration head or an ECU's reported configuration changed, so audit the site and compute its drift
// from the state as it is now, and store both with the site's roll-up contribution (refreshSiteAudit).
// Only the keys of the record are read: a late or replayed record recomputes the latest state, and an
// older result never replaces a newer one. Store failures throw, so the stream retries the record.

/** The fields of a DynamoDB stream record this handler reads (the full shape is aws-lambda's). */
export interface TableStreamRecord {
  eventName?: string;
  dynamodb?: { Keys?: Record<string, { S?: string }>; SequenceNumber?: string };
  [field: string]: unknown;
}

export type AuditDriftResult =
  { status: RefreshOutcome; orgId: string; siteId: string } | { status: 'rejected'; issues: FieldIssue[] };

export async function auditDrift(record: unknown, rt: HandlerRuntime): Promise<AuditDriftResult> {
  const keys = (record as TableStreamRecord | null)?.dynamodb?.Keys;
  const pk = keys?.pk?.S;
  const place = pk === undefined ? undefined : siteOfPartitionKey(pk);
  const org = OrgId.safeParse(place?.orgId);
  const site = SiteId.safeParse(place?.siteId);
  if (!org.success || !site.success) {
    const issues = [{ path: 'dynamodb.Keys.pk', message: 'not a site partition key' }];
    rt.log.warn('stream record rejected', { pk, issues });
    return { status: 'rejected', issues };
  }
  const repos = forOrg(org.data, { doc: rt.doc, table: rt.table });
  const clock = { now: () => new Date(rt.nowMs()) };
  const status = await refreshSiteAudit({ repos, clock }, { siteId: site.data });
  if (status === 'stale') rt.log.info('audit result not stored: a newer one is', { siteId: site.data });
  return { status, orgId: org.data, siteId: site.data };
}

/** One stream record: what the local router calls. */
export const handler = (record: unknown): Promise<AuditDriftResult> => auditDrift(record, handlerRuntime());

/**
 * The Lambda entry: a stream batch, failed records reported back (ReportBatchItemFailures). One at a
 * time, in stream order: a site's records arrive in one shard, and each recomputes the latest state.
 */
export const streamHandler = (batch: { Records: TableStreamRecord[] }) =>
  processPartialResponse(
    batch,
    async (record: TableStreamRecord) => {
      await handler(record);
    },
    new BatchProcessor(EventType.DynamoDBStreams),
    { processInParallel: false, throwOnFullBatchFailure: false },
  );
