import { forOrg } from '@ampfleet/adapters';
import { runLoadTwin, type TwinRunOutcome } from '@ampfleet/app';
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

// IoT rule (dlmState only) → SQS → Lambda: the allocation twin of the message's site (issue #13 point 3).
// Parse, validate, evaluate; invalid messages are logged and dropped, store failures and a concurrent
// write of the twin item throw so the queue redelivers (a redelivered state that was evaluated is stale).

export type LoadTwinResult = TwinRunOutcome | { status: 'rejected'; issues: FieldIssue[] };

export async function loadTwin(event: unknown, rt: HandlerRuntime): Promise<LoadTwinResult> {
  const rejected = (issues: FieldIssue[], topic?: unknown): LoadTwinResult => {
    rt.log.warn('twin: message rejected', { topic, issues });
    return { status: 'rejected', issues };
  };
  if (typeof event !== 'object' || event === null || Array.isArray(event))
    return rejected([{ path: '(root)', message: 'payload is not a JSON object' }]);
  const { topic, receivedAt: _receivedAt, ...payload } = event as Record<string, unknown>;
  const place = typeof topic === 'string' ? parseSiteTopic(topic) : undefined;
  if (!place) return rejected([{ path: 'topic', message: 'not an ampfleet site topic' }], topic);
  const org = OrgId.safeParse(place.orgId);
  const site = SiteId.safeParse(place.siteId);
  if (!org.success || !site.success)
    return rejected([{ path: 'topic', message: 'invalid org or site id' }], topic);
  const message = TelemetryMessage.safeParse(payload);
  if (!message.success) return rejected(fieldIssues(message.error), topic);
  if (message.data.type !== 'dlmState')
    return rejected([{ path: 'type', message: "the twin takes 'dlmState' messages only" }], topic);

  const repos = forOrg(org.data, { doc: rt.doc, table: rt.table });
  const clock = { now: () => new Date(rt.nowMs()) };
  const outcome = await runLoadTwin({ repos, clock }, { siteId: site.data, message: message.data });
  if (outcome.status === 'evaluated' && (outcome.raised.length > 0 || outcome.cleared.length > 0))
    rt.log.info('twin findings changed', {
      siteId: site.data,
      raised: outcome.raised,
      cleared: outcome.cleared,
    });
  return outcome;
}

export const handler = (event: unknown): Promise<LoadTwinResult> => loadTwin(event, handlerRuntime());

/** The Lambda entry (IoT rule → SQS → Lambda): a batch of rule events, failed items reported back. */
export const queueHandler = queueBatchHandler(handler);
