import type { Logger } from '@ampfleet/adapters';
import { iotRules, ruleEvent, topicMatches, type IotRuleSpec } from '@ampfleet/domain';
import mqtt from 'mqtt';

// Local stand-in for AWS IoT topic rules: subscribes with the same rules list infra deploys and
// calls the same handler modules that become the Lambdas. Like Lambda's async invocation, a handler
// that throws is retried (twice) and then the failure is logged.

type Handler = (event: unknown) => Promise<unknown>;

const RETRIES = 2;

export interface Router {
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

async function invoke(handler: Handler, event: unknown, rule: IotRuleSpec, log: Logger): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await handler(event);
      return;
    } catch (err) {
      if (attempt >= RETRIES) {
        log.error('handler failed', { rule: rule.ruleName, error: (err as Error).message });
        return;
      }
      await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
    }
  }
}

export async function startRouter(
  brokerUrl: string,
  log: Logger,
  rules: readonly IotRuleSpec[] = iotRules,
): Promise<Router> {
  const handlers = await loadHandlers(rules);
  const client = await mqtt.connectAsync(brokerUrl, { clientId: 'ampfleet-local-router', clean: false });
  await client.subscribeAsync(
    rules.map((r) => r.topicFilter),
    { qos: 1 },
  );
  // One queue per topic (= per site and channel): a site's messages are handled in arrival order and
  // never race each other for the same items; different sites run concurrently.
  const queues = new Map<string, Promise<void>>();
  const enqueue = (topic: string, work: () => Promise<void>) => {
    const next = (queues.get(topic) ?? Promise.resolve()).then(work);
    queues.set(topic, next);
    void next.then(() => queues.get(topic) === next && queues.delete(topic));
  };
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
      if (!topicMatches(rule.topicFilter, topic)) continue;
      const event = ruleEvent(body as Record<string, unknown>, topic, Date.now());
      enqueue(topic, () => invoke(handler, event, rule, log));
    }
  });
  log.info('router subscribed', { rules: rules.map((r) => `${r.topicFilter} → ${r.handlerModule}`) });
  return { close: () => client.endAsync() };
}
