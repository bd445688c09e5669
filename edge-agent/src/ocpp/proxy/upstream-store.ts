import { mkdir } from 'node:fs/promises';
import type { ClassicLevel } from 'classic-level';
import { openLevel } from '../../storage/level';

// The proxy's durable state (its own LevelDB, beside the journal): per charge point, a FIFO of calls
// not yet delivered to the upstream backend, and the map local transactionId ↔ upstream transactionId.
// Every write is an fsync'd batch: a queued call survives kill -9; delivering an entry deletes it and
// records the transaction mapping it produced in one atomic batch.

export interface QueuedCall {
  readonly method: string;
  /** The ECU's params exactly as received (their timestamps are the original ones). */
  readonly params: Record<string, unknown>;
  /** StartTransaction only: the transactionId the agent gave the ECU. */
  readonly localTransactionId?: number;
  readonly queuedAt: string;
}

export interface QueueEntry {
  readonly seq: number;
  readonly call: QueuedCall;
}

export class UpstreamStoreError extends Error {
  override readonly name = 'UpstreamStoreError';
}

type Db = ClassicLevel<string, string>;

// '!' sorts below every character a charge-point id may hold, so one id's range never covers another's.
const queueKey = (cp: string, seq: number): string => `q!${cp}!${seq.toString().padStart(16, '0')}`;
const queueRange = (cp: string) => ({ gt: `q!${cp}!`, lt: `q!${cp}"` });
const localKey = (cp: string, local: number): string => `t!${cp}!${local}`;
const upstreamKey = (cp: string, upstream: number): string => `u!${cp}!${upstream}`;

export class UpstreamStore {
  private lastSeq = 0;
  private readonly depths = new Map<string, number>();

  private constructor(private readonly db: Db) {}

  static async open(dir: string): Promise<UpstreamStore> {
    await mkdir(dir, { recursive: true });
    const db: Db = openLevel(dir);
    try {
      await db.open();
    } catch (cause) {
      const reason = (cause as { cause?: Error }).cause?.message ?? (cause as Error).message;
      throw new UpstreamStoreError(`cannot open upstream queue ${dir}: ${reason}`, { cause });
    }
    const store = new UpstreamStore(db);
    for await (const key of db.keys({ gt: 'q!', lt: 'q"' })) {
      const [, cp = '', seq = '0'] = key.split('!');
      store.depths.set(cp, (store.depths.get(cp) ?? 0) + 1);
      store.lastSeq = Math.max(store.lastSeq, Number(seq));
    }
    return store;
  }

  depth(cp: string): number {
    return this.depths.get(cp) ?? 0;
  }

  /** Charge points with undelivered calls (after a restart: whose backlog must be drained). */
  backlogged(): string[] {
    return [...this.depths].filter(([, n]) => n > 0).map(([cp]) => cp);
  }

  /** Durable on return. */
  async enqueue(cp: string, call: QueuedCall): Promise<void> {
    const seq = ++this.lastSeq;
    await this.db.put(queueKey(cp, seq), JSON.stringify(call), { sync: true });
    this.depths.set(cp, this.depth(cp) + 1);
  }

  async oldest(cp: string): Promise<QueueEntry | undefined> {
    const [row] = await this.db.iterator({ ...queueRange(cp), limit: 1 }).all();
    if (!row) return undefined;
    const [key, value] = row;
    return { seq: Number(key.slice(key.lastIndexOf('!') + 1)), call: JSON.parse(value) as QueuedCall };
  }

  /** Removes a delivered entry; with `transaction`, records the mapping it produced in the same batch. */
  async delivered(cp: string, seq: number, transaction?: { local: number; upstream: number }): Promise<void> {
    await this.db.batch(
      [
        { type: 'del' as const, key: queueKey(cp, seq) },
        ...(transaction ? this.mappingOps(cp, transaction) : []),
      ],
      { sync: true },
    );
    this.depths.set(cp, Math.max(0, this.depth(cp) - 1));
  }

  async mapTransaction(cp: string, transaction: { local: number; upstream: number }): Promise<void> {
    await this.db.batch(this.mappingOps(cp, transaction), { sync: true });
  }

  async upstreamTransactionId(cp: string, local: number): Promise<number | undefined> {
    const value = await this.db.get(localKey(cp, local));
    return value === undefined ? undefined : Number(value);
  }

  async localTransactionId(cp: string, upstream: number): Promise<number | undefined> {
    const value = await this.db.get(upstreamKey(cp, upstream));
    return value === undefined ? undefined : Number(value);
  }

  close(): Promise<void> {
    return this.db.close();
  }

  private mappingOps(cp: string, t: { local: number; upstream: number }) {
    return [
      { type: 'put' as const, key: localKey(cp, t.local), value: String(t.upstream) },
      { type: 'put' as const, key: upstreamKey(cp, t.upstream), value: String(t.local) },
    ];
  }
}
