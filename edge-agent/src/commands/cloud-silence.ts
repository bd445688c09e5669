import { randomUUID } from 'node:crypto';
import { COMMAND_SCHEMA_VERSION, type Command } from '@ampfleet/domain';
import type { Logger } from '@ampfleet/runtime/log';

// When the cloud falls silent (no command on the site's commands topic for `timeoutMs` — the cloud's
// controller re-sends each limit as a keep-alive well within that), the agent restores each DLM master's
// safe Operator EVSE Sub-Distribution Limit that a cloud command had moved: a setOperatorLimit of its own,
// run through the same command runner (the agent's checks against the EVSE Sub-Distribution Limit, the
// durable store, a journaled result). DESIGN.md: the ECU's DLM stays the safety layer; this keeps a cloud
// limit from outliving the cloud that set it.

export interface CloudSilenceOptions {
  timeoutMs: number;
  /** Safe limit (A) by DLM master charge point id. */
  safeLimits: ReadonlyMap<string, number>;
  /** Hands a command payload to the command runner (its `receive`). */
  run: (payload: string) => Promise<void>;
  log: Logger;
  nowMs?: () => number;
  /** How often silence is checked (ms); default min(timeout / 4, 5 s). */
  checkEveryMs?: number;
  /** false: no timer; tests call `check()` with an injected clock. */
  timer?: boolean;
}

export interface CloudSilenceGuard {
  /** Every command payload received from the cloud (before the runner sees it). */
  heard(payload: string): void;
  /** Restores where the cloud has been silent for the timeout; resolves when handed to the runner. */
  check(): Promise<void>;
  stop(): void;
}

export function createCloudSilenceGuard(options: CloudSilenceOptions): CloudSilenceGuard {
  const nowMs = options.nowMs ?? Date.now;
  let lastHeard = nowMs();
  /** Masters whose operator limit a cloud command moved since the last restore: their limit then. */
  const moved = new Map<string, number>();
  let checking: Promise<void> | undefined;

  const check = async (): Promise<void> => {
    const now = nowMs();
    if (now - lastHeard < options.timeoutMs || moved.size === 0) return;
    for (const [chargePointId] of [...moved]) {
      const amps = options.safeLimits.get(chargePointId);
      moved.delete(chargePointId);
      if (amps === undefined) continue;
      // The envelope is in the command runner's clock (wall time), the silence in the guard's.
      const wall = Date.now();
      const command: Command = {
        v: COMMAND_SCHEMA_VERSION,
        commandId: randomUUID(),
        issuedAt: new Date(wall).toISOString(),
        deadline: new Date(wall + options.timeoutMs).toISOString(),
        chargePointId,
        kind: 'setOperatorLimit',
        amps,
      };
      options.log.warn('cloud silent: restoring the safe operator limit', {
        chargePointId,
        amps,
        silentForS: Math.round((now - lastHeard) / 1000),
      });
      await options.run(JSON.stringify(command));
    }
  };

  const timer =
    options.timer === false
      ? undefined
      : setInterval(
          () => {
            checking ??= check()
              .catch((err: Error) => options.log.error('safe-limit restore failed', { error: err.message }))
              .finally(() => (checking = undefined));
          },
          options.checkEveryMs ?? Math.min(options.timeoutMs / 4, 5_000),
        );
  timer?.unref();

  return {
    heard(payload) {
      lastHeard = nowMs();
      try {
        const body = JSON.parse(payload) as Partial<Command>;
        if (
          body.kind === 'setOperatorLimit' &&
          typeof body.chargePointId === 'string' &&
          typeof body.amps === 'number'
        )
          if (options.safeLimits.has(body.chargePointId)) moved.set(body.chargePointId, body.amps);
      } catch {
        // Not JSON: the runner rejects and reports it.
      }
    },
    check,
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}
