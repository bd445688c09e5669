import { forOrg, type ApplyOutcome } from '@ampfleet/adapters';
import { ingestTelemetry as applyOnce, ingestTelemetryBatch } from '@ampfleet/app';
import type { FieldIssue, TelemetryMessage } from '@ampfleet/domain';
import { queueEventsHandler, type EventsOutcome } from './queue-batch';
import { parseTelemetryRuleEvent } from './rule-event';
import { handlerRuntime, type HandlerRuntime } from './runtime';

// IoT rule → SQS → Lambda: edge-agent telemetry into the fleet table. Parse, validate, apply once
// (one event from the local router; a whole queue batch in Lambda).
// Invalid messages are logged with the bad field and dropped (returned, not thrown): retrying a
// poison message cannot make it valid. Store failures throw, so the queue redelivers the message.

export type IngestResult = { status: ApplyOutcome } | { status: 'rejected'; issues: FieldIssue[] };

type Parsed =
  | { ok: true; orgId: string; siteId: string; message: TelemetryMessage }
  | { ok: false; result: IngestResult };

/** A rule event → the organisation, site and valid message, or the logged rejection naming the bad field. */
function parseEvent(event: unknown, rt: HandlerRuntime): Parsed {
  const parsed = parseTelemetryRuleEvent(event);
  if (parsed.ok) return parsed;
  rt.log.warn('telemetry rejected', { topic: parsed.topic, issues: parsed.issues });
  return { ok: false, result: { status: 'rejected', issues: parsed.issues } };
}

function logOutcome(rt: HandlerRuntime, message: TelemetryMessage, status: ApplyOutcome): void {
  if (status === 'stale' && message.type === 'commandResult')
    rt.log.info('command result ignored: no pending command of that id at this site', {
      commandId: message.commandId,
    });
  if (status === 'duplicate') rt.log.info('telemetry duplicate ignored', { messageId: message.messageId });
}

/** One rule event (what the local router calls per message). */
export async function ingestTelemetry(event: unknown, rt: HandlerRuntime): Promise<IngestResult> {
  const parsed = parseEvent(event, rt);
  if (!parsed.ok) return parsed.result;
  const repos = forOrg(parsed.orgId, { doc: rt.doc, table: rt.table });
  const clock = { now: () => new Date(rt.nowMs()) };
  const status = await applyOnce({ repos, clock }, { siteId: parsed.siteId, message: parsed.message });
  logOutcome(rt, parsed.message, status);
  return { status };
}

/**
 * A queue batch of rule events (the Lambda entry): rejected events are logged and acknowledged, the
 * valid ones applied per organisation in delivery order with as few transactions as the store allows.
 * If the store fails, the first event not applied and every later one are redelivered.
 */
export async function ingestTelemetryEvents(
  events: readonly unknown[],
  rt: HandlerRuntime,
): Promise<EventsOutcome> {
  const byOrg = new Map<string, { index: number; siteId: string; message: TelemetryMessage }[]>();
  events.forEach((event, index) => {
    const parsed = parseEvent(event, rt);
    if (!parsed.ok) return;
    const list = byOrg.get(parsed.orgId) ?? [];
    list.push({ index, siteId: parsed.siteId, message: parsed.message });
    byOrg.set(parsed.orgId, list);
  });
  const clock = { now: () => new Date(rt.nowMs()) };
  let failedFrom: number | undefined;
  for (const [orgId, items] of byOrg) {
    const repos = forOrg(orgId, { doc: rt.doc, table: rt.table });
    const { outcomes, failure } = await ingestTelemetryBatch({ repos, clock }, items);
    outcomes.forEach((status, k) => logOutcome(rt, items[k]!.message, status));
    if (failure) {
      rt.log.warn('telemetry batch not applied; redelivering from the first message not applied', {
        orgId,
        error: failure.error.message,
      });
      failedFrom = Math.min(failedFrom ?? Infinity, items[failure.from]!.index);
    }
  }
  return failedFrom === undefined ? {} : { failedFrom };
}

export const handler = (event: unknown): Promise<IngestResult> => ingestTelemetry(event, handlerRuntime());

/** The Lambda entry (IoT rule → SQS → Lambda): a batch of rule events, failed items reported back. */
export const queueHandler = queueEventsHandler((events) => ingestTelemetryEvents(events, handlerRuntime()));
