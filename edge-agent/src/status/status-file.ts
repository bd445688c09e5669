import { rename, writeFile } from 'node:fs/promises';
import type { Logger } from '@ampfleet/runtime/log';

// What the running agent tells `ampfleet-edge doctor`: a small JSON file beside the journal
// (`<journal dir>-status.json`), rewritten atomically (temp file + rename) every STATUS_INTERVAL_MS
// and shortly after a charge point or the uplink connects or disconnects. A file, not a port: the
// doctor runs on the same box, a file needs no listener and no auth, and it outlives a crash (its
// `writtenAt` then tells since when the agent is gone).

export interface ChargePointStatus {
  readonly id: string;
  readonly connected: boolean;
  /** Since when it is (dis)connected; for one never seen, the agent's start. */
  readonly since: string;
  readonly everConnected: boolean;
}

export interface AgentStatus {
  readonly pid: number;
  readonly siteId: string;
  readonly startedAt: string;
  readonly writtenAt: string;
  /** Set by a clean stop; a killed agent leaves a file without it (and a dead pid). */
  readonly stoppedAt?: string;
  /** The agent writes at least this often; an older file means it is not running. */
  readonly intervalMs: number;
  readonly uplink: { readonly connected: boolean; readonly since: string };
  readonly journal: { readonly entries: number; readonly bytes: number };
  readonly chargePoints: readonly ChargePointStatus[];
}

export const STATUS_INTERVAL_MS = 15_000;
/** Changes within this window are written together (a site's ECUs reconnect in bursts). */
const CHANGE_DEBOUNCE_MS = 1_000;

export const statusFileOf = (journalDir: string): string => `${journalDir}-status.json`;

export interface StatusSources {
  readonly siteId: string;
  readonly chargePointIds: readonly string[];
  readonly journalStats: () => { entries: number; bytes: number };
}

export interface StatusWriter {
  chargePointConnected(id: string, connected: boolean): void;
  uplinkChanged(connected: boolean): void;
  stop(): Promise<void>;
}

export function startStatusWriter(
  file: string,
  sources: StatusSources,
  log: Logger,
  now: () => Date = () => new Date(),
): StatusWriter {
  const startedAt = now().toISOString();
  const chargePoints = new Map<string, ChargePointStatus>(
    sources.chargePointIds.map((id) => [
      id,
      { id, connected: false, since: startedAt, everConnected: false },
    ]),
  );
  let uplink = { connected: false, since: startedAt };
  let writing: Promise<void> = Promise.resolve();
  let pending: ReturnType<typeof setTimeout> | undefined;
  let failedOnce = false;

  const write = (stopped = false): Promise<void> => {
    const status: AgentStatus = {
      pid: process.pid,
      siteId: sources.siteId,
      startedAt,
      writtenAt: now().toISOString(),
      ...(stopped && { stoppedAt: now().toISOString() }),
      intervalMs: STATUS_INTERVAL_MS,
      uplink,
      journal: sources.journalStats(),
      chargePoints: [...chargePoints.values()],
    };
    const temp = `${file}.${process.pid}.tmp`;
    writing = writing
      .then(() => writeFile(temp, `${JSON.stringify(status, null, 2)}\n`))
      .then(() => rename(temp, file))
      .catch((err: Error) => {
        if (!failedOnce) log.warn('status file not written', { file, error: err.message });
        failedOnce = true;
      });
    return writing;
  };
  const soon = () => {
    pending ??= setTimeout(() => {
      pending = undefined;
      void write();
    }, CHANGE_DEBOUNCE_MS);
  };
  void write();
  const timer = setInterval(() => void write(), STATUS_INTERVAL_MS);
  timer.unref();

  return {
    chargePointConnected(id, connected) {
      const known = chargePoints.get(id);
      if (!known || known.connected === connected) return;
      chargePoints.set(id, { id, connected, since: now().toISOString(), everConnected: true });
      soon();
    },
    uplinkChanged(connected) {
      if (uplink.connected === connected) return;
      uplink = { connected, since: now().toISOString() };
      soon();
    },
    async stop() {
      clearInterval(timer);
      clearTimeout(pending);
      await write(true);
    },
  };
}
