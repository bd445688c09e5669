import type { Logger } from '@ampfleet/adapters';
import {
  iotRules,
  ruleTakes,
  localRedelivery,
  ruleEvent,
  topicMatches,
  type IotRuleSpec,
  type RedeliveryPolicy,
} from '@ampfleet/domain';
import mqtt from 'mqtt';
import { defaultDeadLetterDir, openDeadLetterStore, type DeadLetterStore } from './dead-letter-store';
import { createRedeliveryQueues } from './redelivery-queues';

// Local stand-in for AWS IoT topic rules → SQS → Lambda: subscribes with the same rules list infra
// deploys and calls the same handler modules that become the Lambdas. The broker acknowledges a
// message on receipt, so from then on it is this router's to keep: a handler that throws is retried
// until it succeeds (see redelivery-queues.ts), and only after SQS's budget goes to the dead-letter
// store that `ampfleet dlq list|redrive` reads.

type Handler = (event: unknown) => Promise<unknown>;

export interface RouterOptions {
  rules?: readonly IotRuleSpec[];
  /** Directory of the dead-letter store (default: defaultDeadLetterDir()). */
  deadLetterDir?: string;
  redelivery?: RedeliveryPolicy;
  /** Called with each handler result once an event is handled (metrics, tests). */
  onHandled?: (handlerModule: string, event: Record<string, unknown>, result: unknown) => void;
}

export interface Router {
  deadLetters: DeadLetterStore;
  /** Rule events received and not yet handled or dead-lettered. */
  pending(): number;
  /** Resolves when every received event has been handled or dead-lettered. */
  idle(): Promise<void>;
  /** Disconnects, waits for handler calls under way and parks unhandled events as dead letters. */
  close(): Promise<void>;
}

async function loadHandlers(rules: readonly IotRuleSpec[]): Promise<Map<IotRuleSpec, Handler>> {
  const handlers = new Map<IotRuleSpec, Handler>();
  for (const rule of rules) {
    const mod = (await import(`@ampfleet/functions/${rule.handlerModule}`)) as { handler: Handler };
    handlers.set(rule, mod.handler);
  }
  return handlers;
}

export async function startRouter(
  brokerUrl: string,
  log: Logger,
  options: RouterOptions = {},
): Promise<Router> {
  const rules = options.rules ?? iotRules;
  const handlers = await loadHandlers(rules);
  const deadLetters = openDeadLetterStore(options.deadLetterDir ?? defaultDeadLetterDir());
  const queues = createRedeliveryQueues({
    policy: options.redelivery ?? localRedelivery,
    log,
    deadLetter: async (delivery, failure) => {
      await deadLetters.put({
        handlerModule: delivery.handlerModule,
        topic: delivery.topic,
        event: delivery.event,
        attempts: failure.attempts,
        firstFailureAt: new Date(failure.firstFailureMs).toISOString(),
        deadLetteredAt: new Date().toISOString(),
        lastError: failure.lastError,
      });
    },
  });
  const client = await mqtt.connectAsync(brokerUrl, { clientId: 'ampfleet-local-router', clean: false });
  // One subscription per distinct filter: two rules on one topic (ingest and the twin) share it, and
  // each message is handed to every rule that matches it (below), as IoT Core runs every rule.
  await client.subscribeAsync([...new Set(rules.map((r) => r.topicFilter))], { qos: 1 });
  client.on('message', (topic, payload) => {
    let body: unknown;
    try {
      body = JSON.parse(payload.toString('utf8'));
    } catch {
      log.warn('telemetry rejected', {
        topic,
        issues: [{ path: '(root)', message: 'payload is not valid JSON' }],
      });
      return;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      log.warn('telemetry rejected', {
        topic,
        issues: [{ path: '(root)', message: 'payload is not a JSON object' }],
      });
      return;
    }
    for (const [rule, handler] of handlers) {
      if (!topicMatches(rule.topicFilter, topic) || !ruleTakes(rule, body as Record<string, unknown>))
        continue;
      const event = ruleEvent(body as Record<string, unknown>, topic, Date.now());
      // One queue per handler and topic (= per site and channel): a site's events are handled in
      // arrival order and never race each other for the same items; different sites run concurrently.
      queues.enqueue(`${rule.handlerModule} ${topic}`, {
        handlerModule: rule.handlerModule,
        topic,
        event,
        handle: async () => {
          const result = await handler(event);
          options.onHandled?.(rule.handlerModule, event, result);
          return result;
        },
      });
    }
  });
  log.info('router subscribed', {
    rules: rules.map((r) => `${r.topicFilter} → ${r.handlerModule}`),
    deadLetters: deadLetters.dir,
  });
  return {
    deadLetters,
    pending: () => queues.pending(),
    idle: () => queues.idle(),
    async close() {
      await client.endAsync();
      await queues.close();
    },
  };
}
