import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TelemetryMessage } from '@ampfleet/domain';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aBoot, aMeterValues, aStatus } from '../../../test/support/builders';
import { openJournal, type Journal } from './journal';

let dir: string;
const open: Journal[] = [];
const openAt = async (maxBytes?: number, tailCacheEntries?: number, groupCommitMs?: number) => {
  const journal = await openJournal({
    dir,
    ...(maxBytes !== undefined && { maxBytes }),
    ...(tailCacheEntries !== undefined && { tailCacheEntries }),
    ...(groupCommitMs !== undefined && { groupCommitMs }),
  });
  open.push(journal);
  return journal;
};
/** Appends in concurrent groups (one fsync each), so the test does not wait on thousands of fsyncs. */
const appendAll = async (journal: Journal, list: readonly TelemetryMessage[]) => {
  for (let i = 0; i < list.length; i += 500)
    await Promise.all(list.slice(i, i + 500).map((m) => journal.append(m)));
};
const reading = (i: number) =>
  aMeterValues({ observedAt: new Date(Date.UTC(2026, 10, 20) + i * 1_000).toISOString(), energyImportWh: i });
const messages = async (journal: Journal) =>
  (await journal.read(undefined, 1_000_000)).map((e) => JSON.parse(e.payload) as TelemetryMessage);

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-journal-'));
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((j) => j.close().catch(() => undefined)));
  await rm(dir, { recursive: true, force: true });
});

describe('journal', () => {
  it('keeps appends in order, reads after a cursor, and forgets acked entries', async () => {
    const journal = await openAt();
    const sent = [aBoot(), aStatus(), aMeterValues(), aMeterValues()];
    // Concurrent appends land in one fsync'd batch, still in call order.
    await Promise.all(sent.map((m) => journal.append(m)));
    const entries = await journal.read(undefined, 10);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(entries.map((e) => JSON.parse(e.payload) as TelemetryMessage)).toEqual(sent);
    expect((await journal.read(2, 10)).map((e) => e.seq)).toEqual([3, 4]);
    await journal.ack([1, 3]);
    expect((await journal.read(undefined, 10)).map((e) => e.seq)).toEqual([2, 4]);
    expect(journal.stats().entries).toBe(2);
  });

  it('survives a reopen: same entries, sizes, and sequence numbers continue', async () => {
    const first = await openAt();
    await first.append(aStatus());
    await first.append(aMeterValues());
    const stats = first.stats();
    await first.close();
    const second = await openAt();
    expect(second.stats()).toEqual(stats);
    await second.append(aBoot());
    expect((await second.read(undefined, 10)).map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('group commit: appends within the interval share one batch; each resolves once it is on disk', async () => {
    const journal = await openAt(undefined, undefined, 200);
    await journal.append(aBoot()); // an idle journal writes at once; the next batch waits ≤ 200 ms
    const durable: number[] = [];
    const appends = [aStatus(), aMeterValues(), aMeterValues()].map((m, i) =>
      journal.append(m).then(() => durable.push(i)),
    );
    // Readable (so publishable) before the fsync; the caller's promise is still pending.
    expect((await journal.read(1, 10)).map((e) => e.seq)).toEqual([2, 3, 4]);
    expect(durable).toEqual([]);
    await Promise.all(appends);
    expect(durable).toEqual([0, 1, 2]);
  });

  it('an entry acked before its batch is written is deleted after it, and counted once', async () => {
    const journal = await openAt(undefined, undefined, 200);
    await journal.append(aBoot());
    const pending = journal.append(aMeterValues());
    const [boot, reading2] = await journal.read(undefined, 10);
    await journal.ack([boot!.seq, reading2!.seq]); // the PUBACK came before the fsync
    expect(journal.stats().entries).toBe(0);
    await pending;
    expect(journal.stats()).toEqual({ entries: 0, bytes: 0 });
    await journal.close();
    const reopened = await openAt();
    expect(await reopened.read(undefined, 10)).toEqual([]);
    expect(reopened.stats().entries).toBe(0);
  });

  it('refuses a second agent on the same directory with a clear error', async () => {
    await openAt();
    await expect(openJournal({ dir })).rejects.toThrow(/cannot open journal .*/);
  });

  it('over budget, aggregates old telemetry and keeps every event', async () => {
    const journal = await openAt(1024 * 1024);
    const sent = Array.from({ length: 6_000 }, (_, i) =>
      i % 500 === 0 ? aStatus({ observedAt: reading(i).observedAt }) : reading(i),
    );
    const events = sent.filter((m) => m.type === 'status');
    await appendAll(journal, sent);
    await journal.compact();
    expect(journal.stats().bytes).toBeLessThanOrEqual(1024 * 1024);
    const kept = await messages(journal);
    expect(kept.filter((m) => m.type === 'status')).toEqual(events);
    expect(kept.length).toBeLessThan(6_000);
    // The newest reading is untouched by aggregation of older ones.
    expect(kept.at(-1)).toMatchObject({ type: 'meterValues', energyImportWh: 5_999 });
    expect(journal.stats().entries).toBe(kept.length);
  });

  it('never compacts entries leased to the forwarder, so their acks stay exact', async () => {
    const journal = await openAt(1024 * 1024);
    await appendAll(
      journal,
      Array.from({ length: 5_000 }, (_, i) => reading(i)),
    );
    const leased = await journal.read(undefined, 3);
    await journal.compact();
    const after = await journal.read(undefined, 3);
    expect(after.map((e) => e.payload)).toEqual(leased.map((e) => e.payload));
    const before = journal.stats();
    await journal.ack(leased.map((e) => e.seq));
    expect(journal.stats().entries).toBe(before.entries - 3);
  });

  it('over budget, a forwarder cursor never reads entries compaction replaced (tail cache dropped)', async () => {
    const journal = await openAt(1024 * 1024);
    await appendAll(
      journal,
      Array.from({ length: 5_000 }, (_, i) => reading(i)),
    );
    await journal.compact();
    const onDisk = await journal.read(undefined, 1_000_000);
    const cursor = onDisk[0]?.seq ?? 0;
    expect(onDisk.length).toBeLessThan(5_000);
    expect(await journal.read(cursor, 10)).toEqual(onDisk.slice(1, 11));
  });
});

describe('journal tail cache', () => {
  type Op =
    | { kind: 'append'; count: number }
    | { kind: 'read'; fromStart: boolean; limit: number }
    | { kind: 'ack'; pick: number[] };
  const anOp: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('append' as const), count: fc.integer({ min: 1, max: 6 }) }),
    fc.record({
      kind: fc.constant('read' as const),
      fromStart: fc.boolean(),
      limit: fc.integer({ min: 1, max: 8 }),
    }),
    fc.record({ kind: fc.constant('ack' as const), pick: fc.array(fc.nat(), { maxLength: 4 }) }),
  );

  it('never serves an entry again that a disk read leased and the broker acked (counterexample)', async () => {
    const journal = await openAt(undefined, 1);
    await journal.append(reading(0));
    await Promise.all([journal.append(reading(1)), journal.append(reading(2))]); // over the cap: cache dropped
    await journal.append(reading(3)); // cached again
    expect((await journal.read(undefined, 4)).map((e) => e.seq)).toEqual([1, 2, 3, 4]); // from disk
    await journal.ack([1, 2, 4]);
    // After a reconnect the forwarder reads from the start: seq 3 is the one not yet acked.
    expect((await journal.read(undefined, 1)).map((e) => e.seq)).toEqual([3]);
  });

  it('is invisible: every read returns exactly what the entries on disk say, across reopen', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(anOp, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 5 }),
        async (ops, cap) => {
          dir = await mkdtemp(path.join(os.tmpdir(), `ampfleet-journal-cache-${run++}-`));
          let journal = await openAt(undefined, cap, 0); // 0: a batch per append group, fast
          const model = new Map<number, string>(); // durable, un-acked: seq → payload
          let cursor: number | undefined;
          let next = 0;
          let lastSeq = 0;
          let leased: number[] = [];
          for (const op of ops) {
            if (op.kind === 'append') {
              const batch = Array.from({ length: op.count }, () => reading(next++));
              await Promise.all(batch.map((m) => journal.append(m)));
              batch.forEach((m) => model.set(++lastSeq, JSON.stringify(m))); // fresh journal: seqs 1, 2, …
            } else if (op.kind === 'read') {
              const after = op.fromStart ? undefined : cursor;
              const got = await journal.read(after, op.limit);
              const want = [...model]
                .filter(([seq]) => after === undefined || seq > after)
                .slice(0, op.limit)
                .map(([seq, payload]) => ({ seq, payload }));
              expect(got).toEqual(want);
              cursor = got.at(-1)?.seq ?? cursor;
              leased.push(...got.map((e) => e.seq));
            } else {
              const acks = op.pick.flatMap((i) => (leased.length ? [leased[i % leased.length] ?? 0] : []));
              await journal.ack(acks);
              acks.forEach((seq) => model.delete(seq));
              leased = leased.filter((seq) => !acks.includes(seq));
            }
          }
          await journal.close();
          journal = await openAt(undefined, cap);
          expect(await journal.read(undefined, 1_000)).toEqual(
            [...model].map(([seq, payload]) => ({ seq, payload })),
          );
          await journal.close();
          await rm(dir, { recursive: true, force: true });
        },
      ),
      { numRuns: 200 },
    );
  });
});
