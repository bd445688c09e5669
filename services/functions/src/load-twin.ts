import { forOrg } from '@ampfleet/adapters';
import { runLoadTwin, type TwinRunOutcome } from '@ampfleet/app';
import type { FieldIssue } from '@ampfleet/domain';
import { queueBatchHandler } from './queue-batch';
import { parseTelemetryRuleEvent } from './rule-event';
import { handlerRuntime, type HandlerRuntime } from './runtime';

// IoT rule (dlmState only) → SQS → Lambda: the allocation twin of the message's site (issue #13 point 3).
// Parse, validate, evaluate; invalid messages are logged and dropped, store failures and a concurrent
// write of the twin item throw so the queue redelivers (a redelivered state that was evaluated is stale).

export type LoadTwinResult = TwinRunOutcome | { status: 'rejected'; issues: FieldIssue[] };

export async function loadTwin(event: unknown, rt: HandlerRuntime): Promise<LoadTwinResult> {
  const parsed = parseTelemetryRuleEvent(event);
  const rejected = (issues: FieldIssue[], where: Record<string, unknown>): LoadTwinResult => {
    rt.log.warn('twin: message rejected', { ...where, issues });
    return { status: 'rejected', issues };
  };
  if (!parsed.ok) return rejected(parsed.issues, { topic: parsed.topic });
  const { orgId, siteId, message } = parsed;
  if (message.type !== 'dlmState')
    return rejected([{ path: 'type', message: "the twin takes 'dlmState' messages only" }], { siteId });

  const repos = forOrg(orgId, { doc: rt.doc, table: rt.table });
  const clock = { now: () => new Date(rt.nowMs()) };
  const outcome = await runLoadTwin({ repos, clock }, { siteId, message });
  if (outcome.status === 'evaluated' && (outcome.raised.length > 0 || outcome.cleared.length > 0))
    rt.log.info('twin findings changed', {
      siteId,
      raised: outcome.raised,
      cleared: outcome.cleared,
    });
  return outcome;
}

export const handler = (event: unknown): Promise<LoadTwinResult> => loadTwin(event, handlerRuntime());

/** The Lambda entry (IoT rule → SQS → Lambda): a batch of rule events, failed items reported back. */
export const queueHandler = queueBatchHandler(handler);
