import { randomUUID } from 'node:crypto';
import type { Logger } from '@ampfleet/runtime/log';
import {
  ReportedConfigTelemetry,
  snapshotOfConfiguration,
  TELEMETRY_SCHEMA_VERSION,
  type ConfigReadTrigger,
  type OcppConfigurationEntry,
  type TelemetryMessage,
} from '@ampfleet/domain';
import type { ServerClient } from '../ocpp/rpc';

// Reported configuration: each ECU's whole OCPP configuration (GetConfiguration with no keys = every
// key, OCPP 1.6 §5.8) read after its BootNotification, after every change the agent makes, and every
// `intervalS`; each read becomes a 'reportedConfig' snapshot in the journal (the domain maps the keys to
// the catalog for the ECU's firmware, snapshotOfConfiguration). One read per ECU at a time: a request
// during a read runs once after it, so a burst of changes costs one extra read, and the last read
// always follows the last change.

/** Let the BootNotification reply go out before calling the ECU (OCPP: no calls before it). */
export const READ_AFTER_BOOT_MS = 500;
const CALL_TIMEOUT_MS = 30_000;

export interface ConfigReportsOptions {
  /** The connected OCPP client of a charge point, if any. */
  readonly client: (chargePointId: string) => ServerClient | undefined;
  /** Journals a message durably. */
  readonly append: (message: TelemetryMessage) => Promise<void>;
  readonly log: Logger;
  /** Scheduled reads: every this many seconds after an ECU's last read. */
  readonly intervalS: number;
  readonly now?: () => Date;
}

export interface ConfigReports {
  /** A journaled message: a boot makes its ECU's configuration be read once the answer is out. */
  observe(message: TelemetryMessage, stored: Promise<unknown>): void;
  /** The agent changed the ECU's configuration (ChangeConfiguration accepted / reboot required). */
  changed(chargePointId: string): void;
  /** Reads now; resolves true once a snapshot is journaled. */
  read(chargePointId: string, trigger: ConfigReadTrigger): Promise<boolean>;
  stop(): void;
}

interface Ecu {
  firmwareVersion: string | undefined;
  sequence: number;
  running: Promise<boolean> | undefined;
  /** A read asked for while one runs: its trigger. */
  again: ConfigReadTrigger | undefined;
  timer: NodeJS.Timeout | undefined;
}

export function startConfigReports(o: ConfigReportsOptions): ConfigReports {
  const now = o.now ?? (() => new Date());
  const ecus = new Map<string, Ecu>();
  const oneShots = new Set<NodeJS.Timeout>();
  let stopped = false;

  const ecuOf = (id: string): Ecu => {
    let ecu = ecus.get(id);
    if (!ecu) {
      ecu = {
        firmwareVersion: undefined,
        sequence: 0,
        running: undefined,
        again: undefined,
        timer: undefined,
      };
      ecus.set(id, ecu);
    }
    return ecu;
  };

  const schedule = (id: string, ecu: Ecu): void => {
    clearTimeout(ecu.timer);
    if (stopped) return;
    ecu.timer = setTimeout(() => void read(id, 'schedule'), o.intervalS * 1000);
  };

  const readOnce = async (id: string, ecu: Ecu, trigger: ConfigReadTrigger): Promise<boolean> => {
    const client = o.client(id);
    if (!client || stopped) return false;
    try {
      const reply = (await client.call('GetConfiguration', {}, { callTimeoutMs: CALL_TIMEOUT_MS })) as {
        configurationKey?: OcppConfigurationEntry[];
      };
      if (stopped) return false;
      const snapshot = snapshotOfConfiguration({
        entries: reply.configurationKey ?? [],
        firmwareVersion: ecu.firmwareVersion,
        trigger,
        sequence: ++ecu.sequence,
      });
      const message = ReportedConfigTelemetry.parse({
        v: TELEMETRY_SCHEMA_VERSION,
        messageId: randomUUID(),
        chargePointId: id,
        observedAt: now().toISOString(),
        type: 'reportedConfig',
        ...snapshot,
      });
      await o.append(message);
      o.log.info('configuration reported', {
        chargePointId: id,
        trigger,
        parameters: snapshot.parameters.length,
        otherKeys: snapshot.otherKeys.length,
      });
      return true;
    } catch (err) {
      o.log.warn('configuration not read', { chargePointId: id, trigger, error: (err as Error).message });
      return false;
    } finally {
      schedule(id, ecu);
    }
  };

  const read = (id: string, trigger: ConfigReadTrigger): Promise<boolean> => {
    const ecu = ecuOf(id);
    if (ecu.running) {
      // Runs once more after the current read (which may predate the change); the promise covers both.
      ecu.again = trigger;
      return ecu.running;
    }
    const run = (t: ConfigReadTrigger): Promise<boolean> =>
      readOnce(id, ecu, t).then((done) => {
        const next = ecu.again;
        ecu.again = undefined;
        if (next === undefined || stopped) return done;
        return run(next);
      });
    ecu.running = run(trigger).finally(() => {
      ecu.running = undefined;
    });
    return ecu.running;
  };

  return {
    observe(message, stored) {
      if (message.type !== 'boot' || stopped) return;
      const ecu = ecuOf(message.chargePointId);
      ecu.firmwareVersion = message.firmwareVersion;
      void Promise.resolve(stored).then(
        () => {
          const timer = setTimeout(() => {
            oneShots.delete(timer);
            void read(message.chargePointId, 'boot');
          }, READ_AFTER_BOOT_MS);
          oneShots.add(timer);
        },
        () => undefined,
      );
    },
    changed(chargePointId) {
      if (!stopped) void read(chargePointId, 'change');
    },
    read,
    stop() {
      stopped = true;
      for (const ecu of ecus.values()) clearTimeout(ecu.timer);
      for (const timer of oneShots) clearTimeout(timer);
    },
  };
}
