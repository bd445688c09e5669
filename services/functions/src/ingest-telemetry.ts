import { forOrg, type ApplyOutcome } from '@ampfleet/adapters';
import { ingestTelemetry as applyOnce } from '@ampfleet/app';
import {
  fieldIssues,
  OrgId,
  parseSiteTopic,
  SiteId,
  TelemetryMessage,
  type FieldIssue,
} from '@ampfleet/domain';
import { queueBatchHandler } from './queue-batch';
import { handlerRuntime, type HandlerRuntime } from './runtime';

// IoT rule → SQS → Lambda: edge-agent telemetry into the fleet table. Parse, validate, apply once.
// Invalid messages are logged with the bad field and dropped (returned, not thrown): retrying a
// poison message cannot make it valid. Store failures throw, so the queue redelivers the message.

export type IngestResult = { status: ApplyOutcome } | { status: 'rejected'; issues: FieldIssue[] };

export async function ingestTelemetry(event: unknown, rt: HandlerRuntime): Promise<IngestResult> {
  const rejected = (issues: FieldIssue[], topic?: unknown): IngestResult => {
    rt.log.warn('telemetry rejected', { topic, issues });
    return { status: 'rejected', issues };
  };
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    return rejected([{ path: '(root)', message: 'payload is not a JSON object' }]);
  }
  const { topic, receivedAt: _receivedAt, ...payload } = event as Record<string, unknown>;
  const place = typeof topic === 'string' ? parseSiteTopic(topic) : undefined;
  if (!place) return rejected([{ path: 'topic', message: 'not an ampfleet site topic' }], topic);
  const org = OrgId.safeParse(place.orgId);
  const site = SiteId.safeParse(place.siteId);
  if (!org.success || !site.success)
    return rejected([{ path: 'topic', message: 'invalid org or site id' }], topic);
  const message = TelemetryMessage.safeParse(payload);
  if (!message.success) return rejected(fieldIssues(message.error), topic);

  const repos = forOrg(org.data, { doc: rt.doc, table: rt.table });
  const clock = { now: () => new Date(rt.nowMs()) };
  const status = await applyOnce({ repos, clock }, { siteId: site.data, message: message.data });
  if (status === 'stale' && message.data.type === 'commandResult')
    rt.log.info('command result ignored: no pending command of that id at this site', {
      commandId: message.data.commandId,
    });
  if (status === 'duplicate')
    rt.log.info('telemetry duplicate ignored', { messageId: message.data.messageId });
  return { status };
}

export const handler = (event: unknown): Promise<IngestResult> => ingestTelemetry(event, handlerRuntime());

/** The Lambda entry (IoT rule → SQS → Lambda): a batch of rule events, failed items reported back. */
export const queueHandler = queueBatchHandler(handler);
