import type { Logger } from '@ampfleet/runtime/log';
import type { TelemetryMessage } from '@ampfleet/domain';
import { COMPACTION_BUCKETS_MS, planCompaction } from './compaction';
import type { JournalEntry, JournalStats } from './journal';

// Runs the size policy (compaction.ts) against the journal: oldest entries first, finest buckets
// first, chunk by chunk (each chunk one atomic, fsync'd batch), until the journal is back under
// TARGET of its budget. Entries leased to the forwarder are left alone, so a PUBACK never acks an
// entry that compaction rewrote.

const CHUNK = 5_000;
/** Compaction stops at this share of the budget, so it does not run again after every append. */
const TARGET = 0.8;

export interface CompactionStore {
  readonly maxBytes: number;
  readonly leased: ReadonlyMap<number, number>;
  readonly log: Logger | undefined;
  stats(): JournalStats;
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  oldest(afterSeq: number | undefined, limit: number): Promise<JournalEntry[]>;
  rewrite(
    removed: readonly JournalEntry[],
    replaced: readonly JournalEntry[],
    put: readonly JournalEntry[],
  ): Promise<void>;
}

export async function compactJournal(store: CompactionStore): Promise<void> {
  const before = store.stats();
  const target = store.maxBytes * TARGET;
  for (const bucketMs of COMPACTION_BUCKETS_MS) {
    let cursor: number | undefined;
    while (store.stats().bytes > target) {
      const next = await store.exclusive(() => compactChunk(store, cursor, bucketMs));
      if (next === undefined) break;
      cursor = next;
    }
    if (store.stats().bytes <= target) {
      store.log?.info('journal compacted', { before, after: store.stats(), bucketS: bucketMs / 1000 });
      return;
    }
  }
  // Events are never dropped: if they alone exceed the budget, the journal grows past it and says so.
  store.log?.warn('journal over budget after compaction; events are kept', {
    after: store.stats(),
    maxBytes: store.maxBytes,
  });
}

/** Compacts the CHUNK oldest entries after `afterSeq`; returns the last seq looked at, or undefined at the end. */
async function compactChunk(
  store: CompactionStore,
  afterSeq: number | undefined,
  bucketMs: number,
): Promise<number | undefined> {
  const rows = await store.oldest(afterSeq, CHUNK);
  const last = rows[rows.length - 1];
  if (!last) return undefined;
  const entries = rows
    .filter((row) => !store.leased.has(row.seq))
    .map((row) => ({ seq: row.seq, message: JSON.parse(row.payload) as TelemetryMessage }));
  const plan = planCompaction(entries, bucketMs);
  if (plan.remove.length === 0) return last.seq;
  const bySeq = new Map(rows.map((row) => [row.seq, row]));
  const pick = (seqs: readonly number[]) => seqs.flatMap((seq) => bySeq.get(seq) ?? []);
  await store.rewrite(
    pick(plan.remove),
    pick(plan.put.map((p) => p.seq)),
    plan.put.map((p) => ({ seq: p.seq, payload: JSON.stringify(p.message) })),
  );
  return last.seq;
}
