import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamStore, type QueuedCall } from './upstream-store';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-upstream-store-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

const call = (method: string, n: number): QueuedCall => ({
  method,
  params: { n },
  queuedAt: '2026-11-24T08:00:00.000Z',
});

async function drain(store: UpstreamStore, cp: string): Promise<number[]> {
  const seen: number[] = [];
  for (let entry = await store.oldest(cp); entry; entry = await store.oldest(cp)) {
    seen.push(entry.call.params.n as number);
    await store.delivered(cp, entry.seq);
  }
  return seen;
}

describe('upstream queue', () => {
  it('is FIFO per charge point, across interleaved charge points and a reopen', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        // Ids that share a prefix (CP-1, CP-1.2, CP-10) must not see each other's entries.
        fc.array(fc.constantFrom('CP-1', 'CP-1.2', 'CP-10', 'A:b'), { maxLength: 40 }),
        async (owners) => {
          const dir = path.join(tmp, `fifo-${run++}`);
          let store = await UpstreamStore.open(dir);
          const expected = new Map<string, number[]>();
          for (const [n, cp] of owners.entries()) {
            await store.enqueue(cp, call('StatusNotification', n));
            expected.set(cp, [...(expected.get(cp) ?? []), n]);
          }
          await store.close();
          store = await UpstreamStore.open(dir);
          expect(new Set(store.backlogged())).toEqual(new Set(expected.keys()));
          for (const [cp, ns] of expected) {
            expect(store.depth(cp)).toBe(ns.length);
            expect(await drain(store, cp)).toEqual(ns);
            expect(store.depth(cp)).toBe(0);
          }
          await store.close();
        },
      ),
      { numRuns: 15 },
    );
  });

  it('keeps numbering after a reopen, so new calls queue behind the old ones', async () => {
    const dir = path.join(tmp, 'reopen');
    let store = await UpstreamStore.open(dir);
    await store.enqueue('CP-1', call('StartTransaction', 1));
    await store.enqueue('CP-1', call('StopTransaction', 2));
    const first = await store.oldest('CP-1');
    await store.delivered('CP-1', first?.seq ?? 0);
    await store.close();
    store = await UpstreamStore.open(dir);
    await store.enqueue('CP-1', call('StartTransaction', 3));
    expect(await drain(store, 'CP-1')).toEqual([2, 3]);
    await store.close();
  });

  it('records the transaction mapping with the delivery, both ways, durably', async () => {
    const dir = path.join(tmp, 'mapping');
    let store = await UpstreamStore.open(dir);
    await store.enqueue('CP-1', { ...call('StartTransaction', 1), localTransactionId: 7 });
    const entry = await store.oldest('CP-1');
    expect(entry?.call.localTransactionId).toBe(7);
    await store.delivered('CP-1', entry?.seq ?? 0, { local: 7, upstream: 9001 });
    await store.close();
    store = await UpstreamStore.open(dir);
    expect(await store.upstreamTransactionId('CP-1', 7)).toBe(9001);
    expect(await store.localTransactionId('CP-1', 9001)).toBe(7);
    expect(await store.upstreamTransactionId('CP-2', 7)).toBeUndefined();
    expect(await store.localTransactionId('CP-1', 9002)).toBeUndefined();
    expect(store.depth('CP-1')).toBe(0);
    await store.close();
  });
});
