import { randomUUID } from 'node:crypto';
import type { Logger } from '@ampfleet/runtime/log';
import {
  commandExpired,
  CommandResultTelemetry,
  decideOperatorLimit,
  msUntilDeadline,
  ocppCallFor,
  operatorLimitKeys,
  outcomeOf,
  readCommandJson,
  TELEMETRY_SCHEMA_VERSION,
  type Command,
  type CommandOutcome,
  type TelemetryMessage,
} from '@ampfleet/domain';
import type { ServerClient } from '../ocpp/rpc';
import type { CommandStore } from './command-store';

// Commands from the cloud → OCPP calls on the site's charge points → 'commandResult' events in the
// journal. A command runs once (dedup by commandId in the durable store), as soon as its charge point
// is connected and booted, strictly before its deadline; at the deadline a command that has not run
// is reported 'expired'. The decisions (validation, §7.1 limit check, status mapping) are the domain's.

export interface CommandRunnerDeps {
  readonly store: CommandStore;
  /** The OCPP connection of a charge point, if connected now. */
  readonly client: (chargePointId: string) => ServerClient | undefined;
  /** Stores a result durably (the journal); resolves when it is on disk. */
  readonly report: (result: CommandResultTelemetry) => Promise<void>;
  readonly log: Logger;
  readonly nowMs?: () => number;
  /** Upper bound of one OCPP call (also bounded by the command's deadline). Default 30 s. */
  readonly callTimeoutMs?: number;
  /** The charge point accepted a ChangeConfiguration (Accepted / RebootRequired): read it back. */
  readonly configurationChanged?: (chargePointId: string) => void;
}

export interface CommandRunner {
  /** Starts tracking the stored pending commands (after an agent restart). */
  resume(): void;
  /** One MQTT payload from the commands topic; resolves once it is durably handled (then PUBACK). */
  receive(payload: string): Promise<void>;
  /** Sees every telemetry message as it is journaled: a boot makes the charge point's commands run. */
  observe(message: TelemetryMessage, stored: Promise<unknown>): void;
  stop(): Promise<void>;
}

const MAX_TIMER_MS = 2 ** 31 - 1;
const MAX_DETAIL = 1000;

export function createCommandRunner(deps: CommandRunnerDeps): CommandRunner {
  const nowMs = deps.nowMs ?? Date.now;
  const callTimeoutMs = deps.callTimeoutMs ?? 30_000;
  const { store, log } = deps;
  /** Firmware from the BootNotification of each charge point's current connection. */
  const booted = new Map<string, string | undefined>();
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Map<string, Promise<void>>();
  let stopped = false;

  const finish = async (
    commandId: string,
    chargePointId: string,
    outcome: CommandOutcome,
    response?: Record<string, unknown>,
  ): Promise<void> => {
    const result = CommandResultTelemetry.parse({
      v: TELEMETRY_SCHEMA_VERSION,
      messageId: randomUUID(),
      chargePointId,
      observedAt: new Date(nowMs()).toISOString(),
      type: 'commandResult',
      commandId,
      status: outcome.status,
      detail: outcome.detail.slice(0, MAX_DETAIL),
      ...(response && { response }),
    });
    // Result first, then the done mark: a crash in between re-runs the command rather than losing it.
    await deps.report(result);
    await store.markDone(commandId, outcome.status, result.observedAt);
    clearTimeout(timers.get(commandId));
    timers.delete(commandId);
    log.info('command done', { commandId, chargePointId, status: outcome.status, detail: result.detail });
  };

  const call = async (client: ServerClient, method: string, params: object, command: Command) => {
    const timeout = Math.max(1, Math.min(callTimeoutMs, msUntilDeadline(command, nowMs())));
    const response = await client.call(method, params, { callTimeoutMs: timeout });
    return typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
  };

  /** After the result is journaled: a change the ECU took is read back (reported configuration). */
  const configurationChanged = (cp: string, method: string, response: Record<string, unknown>): void => {
    const took = response.status === 'Accepted' || response.status === 'RebootRequired';
    if (method === 'ChangeConfiguration' && took) deps.configurationChanged?.(cp);
  };

  const perform = async (client: ServerClient, command: Command): Promise<void> => {
    const cp = command.chargePointId;
    let method = 'GetConfiguration';
    try {
      if (command.kind === 'setOperatorLimit') {
        const found = operatorLimitKeys(booted.get(cp));
        if (!found.ok)
          return await finish(command.commandId, cp, { status: 'refused', detail: found.detail });
        const reply = await call(client, method, { key: [found.keys.subDistributionLimit] }, command);
        const decision = decideOperatorLimit(command.amps, found.keys, reply);
        if (decision.action === 'refuse')
          return await finish(command.commandId, cp, { status: 'refused', detail: decision.detail });
        method = 'ChangeConfiguration';
        const response = await call(client, method, { key: decision.key, value: decision.value }, command);
        await finish(command.commandId, cp, outcomeOf(method, response), response);
        return configurationChanged(cp, method, response);
      }
      const ocpp = ocppCallFor(command);
      method = ocpp.method;
      const response = await call(client, method, ocpp.params, command);
      await finish(command.commandId, cp, outcomeOf(method, response), response);
      configurationChanged(cp, method, response);
    } catch (err) {
      if (store.state(command.commandId) !== 'pending') throw err;
      await finish(command.commandId, cp, { status: 'failed', detail: `${method}: ${describeError(err)}` });
    }
  };

  const tryRun = (command: Command): void => {
    const id = command.commandId;
    if (stopped || running.has(id) || store.state(id) !== 'pending') return;
    if (!booted.has(command.chargePointId)) return;
    const client = deps.client(command.chargePointId);
    if (!client) return;
    if (commandExpired(command, nowMs())) return void expire(command);
    const run = perform(client, command)
      .catch((err: Error) => log.error('command not recorded', { commandId: id, error: err.message }))
      .finally(() => running.delete(id));
    running.set(id, run);
  };

  const expire = (command: Command): void => {
    const id = command.commandId;
    if (running.has(id) || store.state(id) !== 'pending') return;
    const run = finish(id, command.chargePointId, {
      status: 'expired',
      detail: `charge point ${command.chargePointId} did not run it before ${command.deadline}`,
    })
      .catch((err: Error) => log.error('command expiry not recorded', { commandId: id, error: err.message }))
      .finally(() => running.delete(id));
    running.set(id, run);
  };

  const track = (command: Command): void => {
    const wait = msUntilDeadline(command, nowMs());
    const timer = setTimeout(
      () => {
        timers.delete(command.commandId);
        if (commandExpired(command, nowMs())) expire(command);
        else track(command); // a deadline beyond the longest timer
      },
      Math.min(wait, MAX_TIMER_MS),
    );
    timers.set(command.commandId, timer);
    tryRun(command);
  };

  return {
    resume() {
      const pending = store.pending();
      if (pending.length > 0) log.info('pending commands resumed', { count: pending.length });
      pending.forEach(track);
    },

    async receive(payload) {
      const read = readCommandJson(payload);
      if (!read.ok) {
        log.warn('command rejected', { commandId: read.commandId, issues: read.issues });
        if (read.commandId === undefined || store.state(read.commandId) !== undefined) return;
        const detail = read.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
        await finish(read.commandId, read.chargePointId ?? 'unknown', { status: 'rejected', detail });
        return;
      }
      const command = read.command;
      if (store.state(command.commandId) !== undefined) {
        log.info('command duplicate ignored', { commandId: command.commandId });
        return;
      }
      await store.addPending(command);
      log.info('command received', { commandId: command.commandId, kind: command.kind });
      track(command);
    },

    observe(message, stored) {
      if (message.type !== 'boot') return;
      const cp = message.chargePointId;
      // After the BootNotification answer has gone out: OCPP lets the central system call only then.
      void Promise.resolve(stored).then(
        () =>
          setTimeout(() => {
            booted.set(cp, message.firmwareVersion);
            store
              .pending()
              .filter((c) => c.chargePointId === cp)
              .forEach(tryRun);
          }, 0),
        () => undefined,
      );
    },

    async stop() {
      stopped = true;
      timers.forEach((t) => clearTimeout(t));
      timers.clear();
      await Promise.all(running.values());
    },
  };
}

function describeError(err: unknown): string {
  if (typeof err !== 'object' || err === null) return String(err);
  const e = err as { name?: string; message?: string; rpcErrorCode?: string };
  if (e.rpcErrorCode) return `CALLERROR ${e.rpcErrorCode}: ${e.message ?? ''}`;
  return `${e.name ?? 'Error'}: ${e.message ?? ''}`;
}
