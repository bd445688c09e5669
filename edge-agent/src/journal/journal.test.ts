import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TelemetryMessage } from '@ampfleet/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aBoot, aMeterValues, aStatus } from '../../../test/support/builders';
import { openJournal, type Journal } from './journal';

let dir: string;
const open: Journal[] = [];
const openAt = async (maxBytes?: number) => {
  const journal = await openJournal({ dir, ...(maxBytes !== undefined && { maxBytes }) });
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
});
