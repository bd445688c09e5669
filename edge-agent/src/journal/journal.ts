import { mkdir } from 'node:fs/promises';
import type { Logger } from '@ampfleet/runtime/log';
import type { TelemetryMessage } from '@ampfleet/domain';
import type { ClassicLevel } from 'classic-level';
import { DEFAULT_JOURNAL_MAX_BYTES } from '../config';
import { compactJournal, type CompactionStore } from './compactor';
import { openLevel } from '../storage/level';

// The edge agent's store-and-forward journal: every telemetry message is on disk before the ECU gets
// its OCPP answer, and leaves only after the broker's PUBACK. classic-level (LevelDB) because it is a
// maintained, crash-safe LSM store: a write-ahead log with atomic batches, fsync'd when `sync` is set.
// Keys are zero-padded sequence numbers, so key order is append order, restored on open.

export interface JournalEntry {
  readonly seq: number;
  /** The message as JSON, exactly as it is published. */
  readonly payload: string;
}

export interface JournalStats {
  readonly entries: number;
  /** Logical size: keys + JSON payloads (bytes); LevelDB's files add their own overhead. */
  readonly bytes: number;
}

export interface Journal {
  /**
   * Durable on return: resolves after the fsync'd batch that holds the message. The entry is readable
   * (and so may be published) at once, before that fsync: see `groupCommitMs`.
   */
  append(message: TelemetryMessage): Promise<void>;
  /** The oldest entries with seq > afterSeq, in sequence order. */
  read(afterSeq: number | undefined, limit: number): Promise<JournalEntry[]>;
  /** Deletes entries the broker acknowledged. */
  ack(seqs: readonly number[]): Promise<void>;
  stats(): JournalStats;
  /** Calls `listener` after each durable append; returns the unsubscribe function. */
  onAppend(listener: () => void): () => void;
  /** Applies the size policy now if over budget (it also runs on its own after appends). */
  compact(): Promise<void>;
  close(): Promise<void>;
}

export interface JournalOptions {
  readonly dir: string;
  /** Budget for the logical size; over it, old telemetry is aggregated (compaction.ts). */
  readonly maxBytes?: number;
  readonly log?: Logger;
  /** Appended, not yet read entries kept in memory (default 5,000); tests set it low. */
  readonly tailCacheEntries?: number;
  /**
   * Group commit: at most one fsync'd batch per this many ms (default DEFAULT_GROUP_COMMIT_MS); every
   * append that arrives meanwhile joins the next batch. 0: a batch as soon as the previous one is done.
   */
  readonly groupCommitMs?: number;
}

export class JournalError extends Error {
  override readonly name = 'JournalError';
}

const KEY_PREFIX = 'm';
const KEY_END = 'n';
const seqKey = (seq: number): string => `${KEY_PREFIX}${seq.toString().padStart(16, '0')}`;
const keySeq = (key: string): number => Number(key.slice(KEY_PREFIX.length));
const entryBytes = (payload: string): number => 17 + payload.length;
/**
 * Appended entries not yet read are also kept in memory (up to this many), so a forwarder that keeps
 * up never iterates LevelDB; past it (a long outage) reads go to disk until they catch up.
 */
const DEFAULT_TAIL_CACHE_ENTRIES = 5_000;
/**
 * Acked entries are deleted in one LevelDB batch per this interval (or per DELETE_BATCH acks), not
 * one per PUBACK: the counters change at once, and every disk read flushes pending deletes first.
 */
const DELETE_FLUSH_MS = 1_000;
const DELETE_BATCH = 1_000;
/**
 * Why 200 ms: 200 charge points' MeterValues every 10 s arrive ~50 ms apart, one by one, so a 50 ms
 * interval still made one fsync'd batch per message (20/s); the fsyncs and LevelDB's per-batch work were
 * the largest part of the agent's CPU above a bare ocpp-rpc server (npm run bench -- edge-agent, issue
 * #14). 200 ms bounds that at 5 batches/s whatever the load; an idle site's first append is written at
 * once. The ECU's answer waits up to that long (OCPP call timeouts are tens of seconds, and a charge
 * point has one call outstanding at a time); the MQTT publish does not wait: entries are readable
 * before they are durable (see append()).
 */
export const DEFAULT_GROUP_COMMIT_MS = 200;

type Db = ClassicLevel<string, string>;

interface PendingAppend {
  seq: number;
  payload: string;
  resolve(): void;
  reject(err: Error): void;
}

export async function openJournal(options: JournalOptions): Promise<Journal> {
  await mkdir(options.dir, { recursive: true });
  const db: Db = openLevel(options.dir);
  try {
    await db.open();
  } catch (cause) {
    const reason = (cause as { cause?: Error }).cause?.message ?? (cause as Error).message;
    throw new JournalError(`cannot open journal ${options.dir}: ${reason}`, { cause });
  }
  const journal = new LevelJournal(
    db,
    options.maxBytes ?? DEFAULT_JOURNAL_MAX_BYTES,
    options.log,
    options.tailCacheEntries ?? DEFAULT_TAIL_CACHE_ENTRIES,
    options.groupCommitMs ?? DEFAULT_GROUP_COMMIT_MS,
  );
  await journal.restore();
  return journal;
}

class LevelJournal implements Journal, CompactionStore {
  private lastSeq = 0;
  private entries = 0;
  private bytes = 0;
  private queue: PendingAppend[] = [];
  private writing: Promise<void> | undefined;
  /** When the last batch started (performance.now()), for the group-commit interval. */
  private lastCommitAt = -Infinity;
  /** Every batch up to this seq has been written (or has failed); later seqs wait in a batch. */
  private lastWrittenSeq = 0;
  /** Acked (so uncounted) while their batch was not yet written. */
  private ackedBeforeWritten = new Set<number>();
  private compacting: Promise<void> | undefined;
  private lock: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly listeners = new Set<() => void>();
  /** Entries handed to the forwarder and not yet acked, with their size: compaction leaves them alone. */
  readonly leased = new Map<number, number>();
  /**
   * Tail cache. Invariant: every durable entry with seq > `cacheAfter` is in `cache`, in order, and
   * `cache` holds nothing else; so a read after a seq ≥ `cacheAfter` needs no disk.
   */
  private cache: JournalEntry[] = [];
  private cacheAfter = 0;
  /** Acked, not yet deleted on disk; `deleting` chains the delete batches in order. */
  private deletes: number[] = [];
  private deleteTimer: ReturnType<typeof setTimeout> | undefined;
  private deleting: Promise<void> = Promise.resolve();

  constructor(
    readonly db: Db,
    readonly maxBytes: number,
    readonly log: Logger | undefined,
    private readonly tailCacheEntries: number,
    private readonly groupCommitMs: number,
  ) {}

  async restore(): Promise<void> {
    for await (const [key, payload] of this.db.iterator({ gt: KEY_PREFIX, lt: KEY_END })) {
      this.entries += 1;
      this.bytes += entryBytes(payload);
      this.lastSeq = keySeq(key);
    }
    this.cacheAfter = this.lastSeq;
    this.lastWrittenSeq = this.lastSeq;
  }

  /** Forgets the tail cache: entries up to the last assigned seq are read from disk again. */
  private dropCache(): void {
    this.cache = [];
    this.cacheAfter = this.lastSeq;
  }

  /**
   * The entry is counted, cached and announced at once, so the forwarder can publish it while its
   * batch waits for the group commit and the fsync; the caller (the ECU's answer) waits for the fsync.
   * Publishing first loses nothing: an ECU that got no answer sends the call again, and a crash
   * between the fsync and the answer already had the same effect (a copy under a new messageId).
   */
  append(message: TelemetryMessage): Promise<void> {
    if (this.closed) return Promise.reject(new JournalError('journal is closed'));
    const payload = JSON.stringify(message);
    const seq = ++this.lastSeq;
    this.entries += 1;
    this.bytes += entryBytes(payload);
    if (seq > this.cacheAfter) this.cache.push({ seq, payload });
    if (this.cache.length > this.tailCacheEntries) this.dropCache();
    const durable = new Promise<void>((resolve, reject) => {
      this.queue.push({ seq, payload, resolve, reject });
    });
    this.writing ??= this.writeQueued();
    this.listeners.forEach((l) => l());
    return durable;
  }

  /** Group commit: one fsync'd batch per `groupCommitMs` at most, holding every append queued by then. */
  private async writeQueued(): Promise<void> {
    while (this.queue.length > 0) {
      const wait = this.lastCommitAt + this.groupCommitMs - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      this.lastCommitAt = performance.now();
      const batch = this.queue;
      this.queue = [];
      try {
        await this.db.batch(
          batch.map((a) => ({ type: 'put' as const, key: seqKey(a.seq), value: a.payload })),
          { sync: true },
        );
      } catch (cause) {
        this.lastWrittenSeq = batch.at(-1)?.seq ?? this.lastWrittenSeq;
        this.forget(batch);
        const err = new JournalError('journal write failed', { cause });
        batch.forEach((a) => a.reject(err));
        continue;
      }
      this.lastWrittenSeq = batch.at(-1)?.seq ?? this.lastWrittenSeq;
      for (const a of batch) {
        this.ackedBeforeWritten.delete(a.seq);
        a.resolve();
      }
    }
    this.writing = undefined;
    if (this.bytes > this.maxBytes) this.compactInBackground();
  }

  /** A batch that did not reach the disk: never read, acked or counted again (its ECUs retry). */
  private forget(batch: readonly PendingAppend[]): void {
    const gone = new Set(batch.map((a) => a.seq));
    this.cache = this.cache.filter((e) => !gone.has(e.seq));
    for (const a of batch) {
      if (this.ackedBeforeWritten.delete(a.seq)) continue; // already uncounted by ack()
      this.leased.delete(a.seq);
      this.entries -= 1;
      this.bytes -= entryBytes(a.payload);
    }
  }

  private compactInBackground(): void {
    this.compact().catch((err: Error) =>
      this.log?.error('journal compaction failed', { error: err.message }),
    );
  }

  compact(): Promise<void> {
    if (this.bytes <= this.maxBytes) return Promise.resolve();
    this.compacting ??= compactJournal(this).finally(() => (this.compacting = undefined));
    return this.compacting;
  }

  /** Runs `work` with reads excluded, so compaction never rewrites an entry while it is being leased. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.lock.then(work);
    this.lock = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  read(afterSeq: number | undefined, limit: number): Promise<JournalEntry[]> {
    return this.exclusive(async () => {
      const cached = this.readCache(afterSeq, limit);
      if (cached) return cached;
      await this.flushDeletes(); // an acked entry must not be read (and leased) again
      const rows = await this.db
        .iterator({ gt: afterSeq === undefined ? KEY_PREFIX : seqKey(afterSeq), lt: KEY_END, limit })
        .all();
      return rows.map(([key, payload]) => {
        const seq = keySeq(key);
        this.leased.set(seq, entryBytes(payload));
        return { seq, payload };
      });
    });
  }

  /** The read served from the tail cache, or undefined when the disk may hold entries it lacks. */
  private readCache(afterSeq: number | undefined, limit: number): JournalEntry[] | undefined {
    // From the start: only when every durable entry is in the cache (nothing older waits on disk).
    // From the start: only when nothing is leased (a reconnect re-reads those from disk) and every
    // durable entry is in the cache.
    const servable =
      afterSeq === undefined
        ? this.leased.size === 0 && this.entries === this.cache.length
        : afterSeq >= this.cacheAfter;
    if (!servable) return undefined;
    let skip = 0;
    while (skip < this.cache.length && afterSeq !== undefined && (this.cache[skip]?.seq ?? 0) <= afterSeq)
      skip++;
    const out = this.cache.slice(skip, skip + limit);
    this.cache = this.cache.slice(skip + out.length);
    const last = out.at(-1);
    if (last) this.cacheAfter = last.seq;
    else if (afterSeq !== undefined) this.cacheAfter = Math.max(this.cacheAfter, afterSeq);
    for (const e of out) this.leased.set(e.seq, entryBytes(e.payload));
    return out;
  }

  async ack(seqs: readonly number[]): Promise<void> {
    // Deduplicated: an entry re-sent after a reconnect can be PUBACKed twice into the same batch.
    const known = [...new Set(seqs)].filter((seq) => this.leased.has(seq));
    if (known.length === 0) return;
    for (const seq of known) {
      this.bytes -= this.leased.get(seq) ?? 0;
      this.leased.delete(seq);
      if (seq > this.lastWrittenSeq) this.ackedBeforeWritten.add(seq);
    }
    this.entries -= known.length;
    // An entry leased by a disk read can still sit in the tail cache: it must not be served again.
    if (this.cache.length > 0) {
      const gone = new Set(known);
      this.cache = this.cache.filter((e) => !gone.has(e.seq));
    }
    this.deletes.push(...known);
    if (this.deletes.length >= DELETE_BATCH) await this.flushDeletes();
    else
      this.deleteTimer ??= setTimeout(() => {
        this.flushDeletes().catch((err: Error) =>
          this.log?.error('journal delete failed', { error: err.message }),
        );
      }, DELETE_FLUSH_MS);
  }

  /** Deletes acked entries on disk. No fsync: a lost delete only re-sends a message the cloud dedups. */
  private flushDeletes(): Promise<void> {
    clearTimeout(this.deleteTimer);
    this.deleteTimer = undefined;
    if (this.deletes.length > 0) {
      const keys = this.deletes.map((seq) => ({ type: 'del' as const, key: seqKey(seq) }));
      this.deletes = [];
      // An entry can be acked before its own batch is written (published from memory): delete after it.
      const written = this.writing ?? Promise.resolve();
      const del = () => written.then(() => this.db.batch(keys));
      this.deleting = this.deleting.then(del, del);
    }
    return this.deleting;
  }

  /** Oldest entries after `afterSeq` that are not leased (compaction's input). */
  async oldest(afterSeq: number | undefined, limit: number): Promise<JournalEntry[]> {
    await this.flushDeletes();
    const rows = await this.db
      .iterator({ gt: afterSeq === undefined ? KEY_PREFIX : seqKey(afterSeq), lt: KEY_END, limit })
      .all();
    return rows.map(([key, payload]) => ({ seq: keySeq(key), payload }));
  }

  /** Atomically replaces entries (compaction's output) and keeps the counters right. */
  async rewrite(
    removed: readonly JournalEntry[],
    replaced: readonly JournalEntry[],
    put: readonly JournalEntry[],
  ): Promise<void> {
    await this.db.batch(
      [
        ...removed.map((e) => ({ type: 'del' as const, key: seqKey(e.seq) })),
        ...put.map((e) => ({ type: 'put' as const, key: seqKey(e.seq), value: e.payload })),
      ],
      { sync: true },
    );
    this.dropCache(); // compaction may have merged cached entries
    this.entries -= removed.length;
    const size = (list: readonly JournalEntry[]) => list.reduce((sum, e) => sum + entryBytes(e.payload), 0);
    this.bytes += size(put) - size(removed) - size(replaced);
  }

  stats(): JournalStats {
    return { entries: this.entries, bytes: this.bytes };
  }

  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.writing;
    await this.compacting?.catch(() => undefined);
    await this.lock;
    await this.flushDeletes().catch((err: Error) =>
      this.log?.error('journal delete failed', { error: err.message }),
    );
    await this.db.close();
  }
}
