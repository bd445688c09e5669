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
  /** Durable on return: resolves after the fsync'd batch that holds the message. */
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

type Db = ClassicLevel<string, string>;

interface PendingAppend {
  key: string;
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
  ) {}

  async restore(): Promise<void> {
    for await (const [key, payload] of this.db.iterator({ gt: KEY_PREFIX, lt: KEY_END })) {
      this.entries += 1;
      this.bytes += entryBytes(payload);
      this.lastSeq = keySeq(key);
    }
    this.cacheAfter = this.lastSeq;
  }

  /** Forgets the tail cache: entries up to the last assigned seq are read from disk again. */
  private dropCache(): void {
    this.cache = [];
    this.cacheAfter = this.lastSeq;
  }

  append(message: TelemetryMessage): Promise<void> {
    if (this.closed) return Promise.reject(new JournalError('journal is closed'));
    const payload = JSON.stringify(message);
    const key = seqKey(++this.lastSeq);
    return new Promise((resolve, reject) => {
      this.queue.push({ key, payload, resolve, reject });
      this.writing ??= this.writeQueued();
    });
  }

  /** Group commit: every append queued while a batch is being fsync'd goes into the next batch. */
  private async writeQueued(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.db.batch(
          batch.map((a) => ({ type: 'put' as const, key: a.key, value: a.payload })),
          { sync: true },
        );
      } catch (cause) {
        const err = new JournalError('journal write failed', { cause });
        batch.forEach((a) => a.reject(err));
        continue;
      }
      this.entries += batch.length;
      for (const a of batch) {
        this.bytes += entryBytes(a.payload);
        const seq = keySeq(a.key);
        if (seq > this.cacheAfter) this.cache.push({ seq, payload: a.payload });
      }
      if (this.cache.length > this.tailCacheEntries) this.dropCache();
      batch.forEach((a) => a.resolve());
      this.listeners.forEach((l) => l());
    }
    this.writing = undefined;
    if (this.bytes > this.maxBytes) this.compactInBackground();
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
      this.deleting = this.deleting.then(
        () => this.db.batch(keys),
        () => this.db.batch(keys),
      );
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
