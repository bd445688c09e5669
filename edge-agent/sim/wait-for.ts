// Test/demo helper: collect events and wait (generously, without timing asserts) for one that matches.

export interface EventLog<T> {
  readonly events: readonly T[];
  push(event: T): void;
  /** Resolves with the first event from index `from` on that matches; rejects after `timeoutMs`. */
  waitFor(
    match: (event: T) => boolean,
    options?: { timeoutMs?: number; from?: number; what?: string },
  ): Promise<T>;
}

export function eventLog<T>(): EventLog<T> {
  const events: T[] = [];
  const waiters = new Set<() => void>();
  return {
    events,
    push(event) {
      events.push(event);
      for (const w of [...waiters]) w();
    },
    waitFor(match, { timeoutMs = 15_000, from = 0, what = 'a matching event' } = {}) {
      return new Promise<T>((resolve, reject) => {
        let scanned = from;
        const check = (): void => {
          for (; scanned < events.length; scanned++) {
            const e = events[scanned] as T;
            if (match(e)) {
              done();
              resolve(e);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(
            new Error(
              `timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(events.at(-1))}`,
            ),
          );
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
  };
}
