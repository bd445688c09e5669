import { handlerRegistry } from '@ampfleet/domain';
import type { Logger } from '@ampfleet/adapters';

// Local stand-in for EventBridge schedules: each handler registry entry with a 'schedule' trigger is run
// in this process on a timer — the same module Lambda runs. Ticks never overlap; a failing tick is logged
// and the next one runs as usual (as EventBridge with retries off). `everyMs` overrides the registry's
// rate (locally a rollout should move in seconds, not minutes).

export interface Schedules {
  stop(): Promise<void>;
}

type Handler = () => Promise<unknown>;

export async function startSchedules(log: Logger, options: { everyMs?: number } = {}): Promise<Schedules> {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  for (const { handlerModule, trigger } of handlerRegistry) {
    if (trigger.kind !== 'schedule') continue;
    const { handler } = (await import(`@ampfleet/functions/${handlerModule}`)) as { handler: Handler };
    const everyMs = options.everyMs ?? trigger.rateMinutes * 60_000;
    const tick = () => {
      if (stopped) return;
      const run = handler()
        .catch((err: Error) => log.warn('scheduled handler failed', { handlerModule, error: err.message }))
        .finally(() => {
          running.delete(run);
          if (!stopped) timers.push(setTimeout(tick, everyMs));
        });
      running.add(run);
    };
    timers.push(setTimeout(tick, everyMs));
  }
  return {
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      await Promise.all(running);
    },
  };
}
