import { createLogger } from '@ampfleet/adapters';
import type { RedeliveryPolicy } from '@ampfleet/domain';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRedeliveryQueues, type Delivery, type FailedDelivery } from './redelivery-queues';

// The retry / backoff / dead-letter policy of the local router, on fake timers (no real waiting).

const policy: RedeliveryPolicy = { initialDelayMs: 100, maxDelayMs: 1_000, deadLetterAfterMs: 10_000 };
const silent = createLogger('test', () => undefined);

/** A handler that fails while `down` is true and records when it was called and with what. */
function aStore() {
  const store = { down: false, calls: [] as { at: number; seq: number }[], applied: [] as number[] };
  const delivery = (seq: number, topic = 'site/a'): Delivery => ({
    handlerModule: 'ingest-telemetry',
    topic,
    event: { seq, topic },
    handle: async () => {
      store.calls.push({ at: Date.now(), seq });
      if (store.down) throw new Error('store unavailable');
      store.applied.push(seq);
    },
  });
  return { store, delivery };
}

function queuesWithDeadLetters() {
  const parked: { delivery: Delivery; failure: FailedDelivery }[] = [];
  const queues = createRedeliveryQueues({
    policy,
    log: silent,
    deadLetter: async (delivery, failure) => {
      parked.push({ delivery, failure });
    },
  });
  return { queues, parked };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('redelivery queues', () => {
  it('retries a failing handler with capped exponential backoff until it succeeds', async () => {
    const { store, delivery } = aStore();
    const { queues, parked } = queuesWithDeadLetters();
    store.down = true;
    queues.enqueue('k', delivery(1));
    await vi.advanceTimersByTimeAsync(5_000);
    const gaps = store.calls.slice(1).map((c, i) => c.at - store.calls[i]!.at);
    expect(gaps.slice(0, 6)).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    store.down = false;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(store.applied).toEqual([1]);
    expect(parked).toEqual([]);
    expect(queues.pending()).toBe(0);
  });

  it('holds back later events of the same key while the head retries, and keeps their order', async () => {
    const { store, delivery } = aStore();
    const { queues } = queuesWithDeadLetters();
    store.down = true;
    for (const seq of [1, 2, 3]) queues.enqueue('site-a', delivery(seq));
    queues.enqueue('site-b', delivery(10, 'site/b'));
    await vi.advanceTimersByTimeAsync(3_000);
    expect(new Set(store.calls.map((c) => c.seq))).toEqual(new Set([1, 10]));
    expect(queues.pending()).toBe(4);
    store.down = false;
    await vi.advanceTimersByTimeAsync(1_000);
    await queues.idle();
    expect(store.applied.filter((s) => s < 10)).toEqual([1, 2, 3]);
    expect(store.applied).toContain(10);
  });

  it('survives a 30 s outage without dead-lettering or dropping anything', async () => {
    const { store, delivery } = aStore();
    const parked: Delivery[] = [];
    const slowPolicyQueues = createRedeliveryQueues({
      policy: { ...policy, deadLetterAfterMs: 600_000 },
      log: silent,
      deadLetter: async (d) => void parked.push(d),
    });
    store.down = true;
    for (let seq = 0; seq < 50; seq++) slowPolicyQueues.enqueue(`site-${seq % 5}`, delivery(seq));
    await vi.advanceTimersByTimeAsync(30_000);
    store.down = false;
    await vi.advanceTimersByTimeAsync(2_000);
    await slowPolicyQueues.idle();
    expect([...store.applied].sort((a, b) => a - b)).toEqual([...Array(50).keys()]);
    expect(parked).toEqual([]);
  });

  it('dead-letters an event once the budget since its first failure is used up, then moves on', async () => {
    const { store, delivery } = aStore();
    const { queues, parked } = queuesWithDeadLetters();
    store.down = true;
    queues.enqueue('k', delivery(1));
    queues.enqueue('k', delivery(2));
    await vi.advanceTimersByTimeAsync(policy.deadLetterAfterMs - 1);
    expect(parked).toEqual([]);
    // The next attempt after the budget is the last one.
    await vi.advanceTimersByTimeAsync(policy.maxDelayMs);
    expect(parked.map((p) => p.delivery.event.seq)).toEqual([1]);
    const [{ failure }] = parked as [(typeof parked)[number]];
    expect(failure.firstFailureMs).toBe(0);
    expect(failure.lastError).toBe('store unavailable');
    expect(failure.attempts).toBe(store.calls.filter((c) => c.seq === 1).length);
    store.down = false;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(store.applied).toEqual([2]);
  });

  it('acknowledges an event whose handler returns (a rejected, poison event is never retried)', async () => {
    const { queues, parked } = queuesWithDeadLetters();
    let calls = 0;
    queues.enqueue('k', {
      handlerModule: 'ingest-telemetry',
      topic: 't',
      event: {},
      handle: async () => {
        calls++;
        return { status: 'rejected', issues: [{ path: 'type', message: 'Invalid input' }] };
      },
    });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toBe(1);
    expect(parked).toEqual([]);
  });

  it('on close, parks every event not yet handled as a dead letter instead of dropping it', async () => {
    const { store, delivery } = aStore();
    const { queues, parked } = queuesWithDeadLetters();
    store.down = true;
    for (const seq of [1, 2, 3]) queues.enqueue('k', delivery(seq));
    await vi.advanceTimersByTimeAsync(500);
    await queues.close();
    expect(parked.map((p) => p.delivery.event.seq)).toEqual([1, 2, 3]);
    expect(parked[0]!.failure.lastError).toBe('store unavailable');
    expect(parked[1]!.failure.attempts).toBe(0);
    expect(queues.pending()).toBe(0);
  });

  it('keeps an event in memory when the dead-letter store itself fails, and parks it later', async () => {
    const { store, delivery } = aStore();
    let storeWorks = false;
    const parked: Delivery[] = [];
    const queues = createRedeliveryQueues({
      policy,
      log: silent,
      deadLetter: async (d) => {
        if (!storeWorks) throw new Error('ENOSPC');
        parked.push(d);
      },
    });
    store.down = true;
    queues.enqueue('k', delivery(1));
    await vi.advanceTimersByTimeAsync(policy.deadLetterAfterMs + 5_000);
    expect(parked).toEqual([]);
    expect(queues.pending()).toBe(1);
    storeWorks = true;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(parked.map((d) => d.event.seq)).toEqual([1]);
  });
});
