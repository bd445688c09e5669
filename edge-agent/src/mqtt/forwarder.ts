import type { Logger } from '@ampfleet/runtime/log';
import type { Journal, JournalEntry } from '../journal/journal';
import type { Uplink } from './uplink';

// Drains the journal over the uplink in sequence order with a bounded in-flight window, and deletes an
// entry only after its PUBACK. One MQTT connection, publishes in sequence order: each charge point's
// messages reach the broker in order. When the connection drops, the forwarder pauses; on reconnect it
// starts again from the oldest un-acked entry. Entries that were in flight may so be sent twice: the
// cloud deduplicates by message id, which makes this at-least-once link exactly-once in effect.

export interface ForwarderOptions {
  /** Messages published and not yet acknowledged, at most. */
  readonly window?: number;
}

export interface Forwarder {
  /** Resolves when the journal is empty, or false after `timeoutMs`. */
  drained(timeoutMs: number): Promise<boolean>;
  stop(): Promise<void>;
}

const DEFAULT_WINDOW = 1_000;
/** Safety net: re-check the journal at least this often even without a wake-up. */
const IDLE_POLL_MS = 1_000;

class Wakeup {
  private waiters: (() => void)[] = [];
  next(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((w) => w());
  }
}

export function startForwarder(
  journal: Journal,
  uplink: Uplink,
  log: Logger,
  options: ForwarderOptions = {},
): Forwarder {
  const window = options.window ?? DEFAULT_WINDOW;
  const wake = new Wakeup();
  let stopped = false;
  /** Bumped on every connection change: in-flight counts belong to one connection. */
  let generation = 0;
  let inFlight = 0;
  let cursor: number | undefined;
  let acked: number[] = [];
  let ackFlush: Promise<void> | undefined;

  uplink.onConnectionChange(() => {
    generation += 1;
    inFlight = 0;
    cursor = undefined; // resume from the oldest un-acked entry
    wake.notify();
  });
  const unsubscribe = journal.onAppend(() => wake.notify());

  const flushAcks = async (): Promise<void> => {
    while (acked.length > 0) {
      const seqs = acked;
      acked = [];
      await journal
        .ack(seqs)
        .catch((err: Error) => log.error('journal ack failed', { error: err.message, entries: seqs.length }));
    }
    ackFlush = undefined;
  };

  const send = (entry: JournalEntry, gen: number): void => {
    inFlight += 1;
    uplink.publish(entry.payload).then(
      () => {
        // A PUBACK is a PUBACK, even one that arrives on a later connection.
        acked.push(entry.seq);
        ackFlush ??= flushAcks();
        if (gen === generation) inFlight -= 1;
        wake.notify();
      },
      () => {
        if (gen === generation) inFlight -= 1;
        wake.notify();
      },
    );
  };

  const step = async (): Promise<void> => {
    const woken = wake.next(IDLE_POLL_MS); // taken first, so a wake-up during the read is not missed
    if (!uplink.connected || inFlight >= window) return woken;
    const gen = generation;
    const entries = await journal.read(cursor, window - inFlight);
    if (gen !== generation) return; // the connection changed during the read: start over
    if (entries.length === 0) return woken;
    for (const entry of entries) {
      cursor = entry.seq;
      send(entry, gen);
    }
  };

  const loop = (async () => {
    while (!stopped) {
      try {
        await step();
      } catch (err) {
        log.error('forwarder step failed', { error: (err as Error).message });
        await wake.next(IDLE_POLL_MS);
      }
    }
  })();

  return {
    async drained(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (journal.stats().entries > 0 || ackFlush) {
        if (Date.now() >= deadline) return false;
        await new Promise((r) => setTimeout(r, 20));
      }
      return true;
    },
    async stop() {
      stopped = true;
      unsubscribe();
      wake.notify();
      await loop;
      await ackFlush;
    },
  };
}
