import { randomUUID } from 'node:crypto';
import type { Logger } from '@ampfleet/runtime/log';
import {
  dlmChangeKey,
  dlmOcppKeys,
  dlmSnapshot,
  DlmStateTelemetry,
  firmwareVersionOf,
  initialDlmState,
  readDlmConfiguration,
  reduceDlm,
  TELEMETRY_SCHEMA_VERSION,
  type DlmEvent,
  type DlmState,
  type TelemetryMessage,
} from '@ampfleet/domain';
import type { ServerClient } from '../ocpp/rpc';
import type { DlmNetworkConfig } from './config';
import type { MessageSink } from './site-meter';

// The edge adapter around the domain's DLM reducer (services/domain/src/dlm): feeds it the network's
// journaled telemetry and the master's configuration (GetConfiguration on the master's boot and every
// configReadIntervalS), and publishes a 'dlmState' per network
//  - at the sample rate (the master's 'DLM Algorithm Sample Rate', until read the edge config's), and
//  - on change (a CP status, the meter connecting/disconnecting, a new configuration, the master's
//    firmware), debounced: the first change arms a CHANGE_DEBOUNCE_MS timer, later changes within it
//    ride along, so a burst (a reboot's StatusNotifications) yields one message. Each publish restarts
//    the sample-rate timer, so a change never causes two messages back to back.

// 200 ms: a reboot's StatusNotifications come within a few ms of each other, and a plug-in's new state
// reaches the cloud well inside the 1 s the load control has to react (issue #13 point 9's bench row,
// test/bench/load-plugin.ts; at 1,000 ms the debounce alone took the whole budget).
export const CHANGE_DEBOUNCE_MS = 200;
/** Let the master's BootNotification reply go out before asking it for its configuration. */
export const CONFIG_READ_AFTER_BOOT_MS = 500;
const CONFIG_CALL_TIMEOUT_MS = 15_000;

export interface DlmMonitor {
  /** A journaled telemetry message (OCPP-derived or 'siteMeter'). */
  observe(message: TelemetryMessage): void;
  /** Reads the master's configuration now (also done on boot and periodically). */
  readConfiguration(networkId: string): Promise<boolean>;
  state(networkId: string): DlmState | undefined;
  stop(): void;
}

export interface DlmMonitorOptions {
  readonly networks: readonly DlmNetworkConfig[];
  readonly sink: MessageSink;
  readonly log: Logger;
  /** The connected OCPP client of a charge point, if any. */
  readonly client: (chargePointId: string) => ServerClient | undefined;
  readonly now?: () => Date;
}

interface Tracked {
  readonly config: DlmNetworkConfig;
  state: DlmState;
  publishedKey: string | undefined;
  sampleTimer: NodeJS.Timeout | undefined;
  debounceTimer: NodeJS.Timeout | undefined;
  configTimer: NodeJS.Timeout;
}

export function startDlmMonitor(o: DlmMonitorOptions): DlmMonitor {
  const now = o.now ?? (() => new Date());
  const tracked = new Map<string, Tracked>();
  const oneShots = new Set<NodeJS.Timeout>();
  let stopped = false;

  const publish = (t: Tracked): void => {
    if (stopped) return;
    clearTimeout(t.debounceTimer);
    t.debounceTimer = undefined;
    const message = DlmStateTelemetry.safeParse({
      v: TELEMETRY_SCHEMA_VERSION,
      messageId: randomUUID(),
      chargePointId: t.config.masterChargePointId,
      observedAt: now().toISOString(),
      type: 'dlmState',
      ...dlmSnapshot(t.state),
    });
    if (message.success) {
      t.publishedKey = dlmChangeKey(t.state);
      o.sink(message.data).catch((err: Error) =>
        o.log.error('dlm state not stored', { networkId: t.config.id, error: err.message }),
      );
    } else o.log.error('dlm state invalid', { networkId: t.config.id, error: message.error.message });
    schedulePeriodic(t);
  };
  const schedulePeriodic = (t: Tracked): void => {
    clearTimeout(t.sampleTimer);
    if (stopped) return;
    const periodS = dlmSnapshot(t.state).sampleRateS;
    t.sampleTimer = setTimeout(() => publish(t), periodS * 1000);
  };
  const changed = (t: Tracked): void => {
    if (t.debounceTimer !== undefined || stopped) return;
    if (dlmChangeKey(t.state) === t.publishedKey) return;
    t.debounceTimer = setTimeout(() => publish(t), CHANGE_DEBOUNCE_MS);
  };
  const apply = (t: Tracked, event: DlmEvent): void => {
    const next = reduceDlm(t.state, event);
    if (next === t.state) return;
    t.state = next;
    changed(t);
  };

  const readConfiguration = async (networkId: string): Promise<boolean> => {
    const t = tracked.get(networkId);
    if (!t || stopped) return false;
    const master = t.config.masterChargePointId;
    const client = o.client(master);
    if (!client) return false;
    const version = t.state.firmwareVersion ? firmwareVersionOf(t.state.firmwareVersion) : undefined;
    // Unknown firmware: ask for every key and recognise the DLM ones in any firmware's spelling.
    const params = version ? { key: dlmOcppKeys(version) } : {};
    try {
      const reply = (await client.call('GetConfiguration', params, {
        callTimeoutMs: CONFIG_CALL_TIMEOUT_MS,
      })) as {
        configurationKey?: { key: string; value?: string }[];
      };
      const read = readDlmConfiguration(reply.configurationKey ?? []);
      if (read.invalid.length > 0)
        o.log.warn('dlm master configuration: unreadable values', { networkId, invalid: read.invalid });
      if (stopped) return false;
      apply(t, { kind: 'configuration', at: now().toISOString(), config: read.config });
      o.log.info('dlm master configuration read', {
        networkId,
        master,
        keys: Object.keys(read.config).length,
      });
      return true;
    } catch (err) {
      o.log.warn('dlm master configuration not read', { networkId, master, error: (err as Error).message });
      return false;
    }
  };

  for (const config of o.networks) {
    const t: Tracked = {
      config,
      state: initialDlmState({
        networkId: config.id,
        masterChargePointId: config.masterChargePointId,
        chargePointIds: config.chargePointIds,
        meterConfigured: config.meter !== undefined,
        defaultSampleRateS: config.sampleRateS,
      }),
      publishedKey: undefined,
      sampleTimer: undefined,
      debounceTimer: undefined,
      configTimer: setInterval(() => void readConfiguration(config.id), config.configReadIntervalS * 1000),
    };
    tracked.set(config.id, t);
    schedulePeriodic(t);
  }

  return {
    observe(message) {
      if (stopped) return;
      for (const t of tracked.values()) {
        apply(t, { kind: 'telemetry', message });
        if (message.type === 'boot' && message.chargePointId === t.config.masterChargePointId) {
          const timer = setTimeout(() => {
            oneShots.delete(timer);
            void readConfiguration(t.config.id);
          }, CONFIG_READ_AFTER_BOOT_MS);
          oneShots.add(timer);
        }
      }
    },
    readConfiguration,
    state: (networkId) => tracked.get(networkId)?.state,
    stop() {
      stopped = true;
      for (const t of tracked.values()) {
        clearTimeout(t.sampleTimer);
        clearTimeout(t.debounceTimer);
        clearInterval(t.configTimer);
      }
      for (const timer of oneShots) clearTimeout(timer);
    },
  };
}
