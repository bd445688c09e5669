import type { Logger } from '@ampfleet/adapters';
import { scheduledHandlers, type ScheduleTrigger } from '@ampfleet/domain';

// Local stand-in for the EventBridge schedule rules: one timer per handler registry entry with a
// 'schedule' trigger, calling the same handler module with a scheduled event whose `time` comes from the
// clock given (tests inject one and call `runNow` instead of waiting a minute).

type Handler = (event: unknown) => Promise<unknown>;

export interface SchedulerOptions {
  /** The instant each run is for (default: the system clock). */
  now?: () => Date;
  /** false: no timers, runs only by `runNow` (tests with an injected clock). Default true. */
  timers?: boolean;
  onRun?: (handlerModule: string, result: unknown) => void;
  /** Per handler module, a period in ms instead of the registry's minutes (locally, a rollout moves in seconds). */
  everyMs?: Partial<Record<string, number>>;
}

export interface Scheduler {
  /** Runs every scheduled handler once for `now()`, like one tick of its rule; resolves with their results. */
  runNow(): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startScheduler(log: Logger, options: SchedulerOptions = {}): Promise<Scheduler> {
  const now = options.now ?? (() => new Date());
  const entries: { handlerModule: string; trigger: ScheduleTrigger; handler: Handler }[] = [];
  for (const { handlerModule, trigger } of scheduledHandlers) {
    const mod = (await import(`@ampfleet/functions/${handlerModule}`)) as { handler: Handler };
    entries.push({ handlerModule, trigger, handler: mod.handler });
  }
  let running: Promise<unknown> = Promise.resolve();
  const queued = new Set<string>();
  const run = async (entry: (typeof entries)[number]): Promise<unknown> => {
    const event = { source: 'ampfleet.local', 'detail-type': 'Scheduled Event', time: now().toISOString() };
    try {
      const result = await entry.handler(event);
      options.onRun?.(entry.handlerModule, result);
      return result;
    } catch (err) {
      log.error('scheduled handler failed', {
        handlerModule: entry.handlerModule,
        error: (err as Error).message,
      });
      return undefined;
    }
  };
  const timers =
    options.timers === false
      ? []
      : entries.map((entry) =>
          setInterval(
            () => {
              // One run at a time per process, like a rule with a function that takes less than a minute;
              // a tick that finds its handler's last run still queued is skipped, so runs never pile up.
              if (queued.has(entry.handlerModule)) return;
              queued.add(entry.handlerModule);
              running = running.then(() => run(entry)).finally(() => queued.delete(entry.handlerModule));
            },
            options.everyMs?.[entry.handlerModule] ?? entry.trigger.everyMinutes * 60_000,
          ),
        );
  log.info('scheduler started', {
    handlers: entries.map((e) => `${e.handlerModule} every ${e.trigger.everyMinutes} min`),
  });
  return {
    async runNow() {
      const results: Record<string, unknown> = {};
      for (const entry of entries) results[entry.handlerModule] = await run(entry);
      return results;
    },
    async close() {
      for (const t of timers) clearInterval(t);
      await running;
    },
  };
}
