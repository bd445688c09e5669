import { applyCommandResult, applyTelemetry, type ApplyOutcome } from '@ampfleet/adapters';
import {
  fieldIssues,
  ingestRouteOf,
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

  const target = { orgId: org.data, siteId: site.data, nowEpochS: Math.floor(rt.nowMs() / 1000) };
  // The message's kind names its route (messageKinds); command results update their command record.
  const route = ingestRouteOf(message.data);
  const status =
    route.route === 'commandResult'
      ? await applyCommandResult(rt.doc, rt.table, { ...target, result: route.result })
      : await applyTelemetry(rt.doc, rt.table, { ...target, message: message.data });
  if (status === 'stale' && route.route === 'commandResult')
    rt.log.info('command result ignored: no pending command of that id at this site', {
      commandId: route.result.commandId,
    });
  if (status === 'duplicate')
    rt.log.info('telemetry duplicate ignored', { messageId: message.data.messageId });
  return { status };
}

export const handler = (event: unknown): Promise<IngestResult> => ingestTelemetry(event, handlerRuntime());

/** The Lambda entry (IoT rule → SQS → Lambda): a batch of rule events, failed items reported back. */
export const queueHandler = queueBatchHandler(handler);
