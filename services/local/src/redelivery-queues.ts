import type { Logger } from '@ampfleet/adapters';
import { isRedeliveryExhausted, redeliveryDelayMs, type RedeliveryPolicy } from '@ampfleet/domain';

// The local router's stand-in for SQS between a rule and its handler: one FIFO queue per key (handler
// and topic, i.e. per site and channel). A handler that throws (store unavailable) is retried with
// capped exponential backoff, holding back that queue's later events so a site's order is kept,
// until it succeeds or the policy's budget is used up; then the event goes to the dead-letter store.
// A handler that returns (including a rejected, poison event) acknowledges the event.

export interface Delivery {
  handlerModule: string;
  topic: string;
  event: Record<string, unknown>;
  handle(): Promise<unknown>;
}

export interface FailedDelivery {
  attempts: number;
  firstFailureMs: number;
  lastError: string;
}

export interface RedeliveryQueuesOptions {
  policy: RedeliveryPolicy;
  deadLetter(delivery: Delivery, failure: FailedDelivery): Promise<void>;
  log: Logger;
}

export interface RedeliveryQueues {
  enqueue(key: string, delivery: Delivery): void;
  /** Events queued or being handled. */
  pending(): number;
  /** Resolves when every queue is empty. */
  idle(): Promise<void>;
  /** Stops retrying: waits for attempts under way, then parks every unhandled event as a dead letter. */
  close(): Promise<void>;
}

const STOPPED = 'router stopped before the event was handled';

export function createRedeliveryQueues(options: RedeliveryQueuesOptions): RedeliveryQueues {
  const { policy, log } = options;
  const queues = new Map<string, Delivery[]>();
  const drains = new Map<string, Promise<void>>();
  const wakers = new Set<() => void>();
  let closing = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      wakers.add(wake);
    });

  /** Parks the event; if even that fails (disk full), keeps it and tries again later. */
  async function park(delivery: Delivery, failure: FailedDelivery): Promise<boolean> {
    try {
      await options.deadLetter(delivery, failure);
      log.error('event moved to the dead-letter store', {
        handler: delivery.handlerModule,
        topic: delivery.topic,
        attempts: failure.attempts,
        error: failure.lastError,
      });
      return true;
    } catch (err) {
      log.error('dead-letter store failed; event kept in memory', { error: (err as Error).message });
      return false;
    }
  }

  async function deliver(delivery: Delivery): Promise<void> {
    let attempts = 0;
    let firstFailureMs: number | undefined;
    let lastError = STOPPED;
    for (;;) {
      if (closing) {
        if (await park(delivery, { attempts, firstFailureMs: firstFailureMs ?? Date.now(), lastError }))
          return;
        await sleep(policy.maxDelayMs);
        continue;
      }
      attempts++;
      try {
        await delivery.handle();
        if (attempts > 1) log.info('handler succeeded after retries', { topic: delivery.topic, attempts });
        return;
      } catch (err) {
        firstFailureMs ??= Date.now();
        lastError = (err as Error).message;
        if (isRedeliveryExhausted(firstFailureMs, Date.now(), policy)) {
          if (await park(delivery, { attempts, firstFailureMs, lastError })) return;
        }
        const delayMs = redeliveryDelayMs(attempts, policy);
        log.warn('handler failed; retrying', {
          topic: delivery.topic,
          attempt: attempts,
          delayMs,
          error: lastError,
        });
        await sleep(delayMs);
      }
    }
  }

  async function drain(key: string, queue: Delivery[]): Promise<void> {
    for (let head = queue[0]; head; head = queue[0]) {
      await deliver(head);
      queue.shift();
    }
    queues.delete(key);
    drains.delete(key);
  }

  const idle = async () => {
    while (drains.size > 0) await Promise.all(drains.values());
  };

  return {
    enqueue(key, delivery) {
      const queue = queues.get(key);
      if (queue) {
        queue.push(delivery);
        return;
      }
      const fresh = [delivery];
      queues.set(key, fresh);
      drains.set(key, drain(key, fresh));
    },
    pending: () => [...queues.values()].reduce((n, q) => n + q.length, 0),
    idle,
    async close() {
      closing = true;
      for (const wake of [...wakers]) wake();
      await idle();
    },
  };
}
