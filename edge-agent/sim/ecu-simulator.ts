// A simulated ECU charge point (one connector) speaking OCPP-J 1.6 over a real WebSocket:
// boot, heartbeat, status, transactions, meter values per grid phase after the CP's phase rotation (§3).
import { setTimeout as sleep } from 'node:timers/promises';
import type { EcuConfig } from '@ampfleet/domain';
import { catalogConfigEntries } from './ecu-catalog-config';
import { EcuConfiguration } from './ecu-config';
import { dlmMasterConfigEntries, lowestPhaseA, type DlmMasterLimits } from './ecu-dlm-master';
import { ConnectorModel, ecuCapA, type ConnectorStatus, type Session } from './ecu-connector';
import { registerEcuHandlers, type EcuCallTarget } from './ecu-handlers';
import { meterValuesRequest, statusNotificationRequest, type GridCurrents } from './ecu-payloads';
import type { EvProfile, PhaseConnection, PhaseRotation } from './ev';
import { createOcppClient, type OcppClient, type OcppParams } from './ocpp-client';
import type { Random } from './random';

export interface EcuSimulatorOptions {
  readonly endpoint: string;
  readonly chargePointId: string;
  readonly password?: string;
  readonly vendor?: string;
  readonly model?: string;
  readonly serialNumber?: string;
  readonly firmwareVersion?: string;
  readonly phaseConnection: PhaseConnection;
  readonly phaseRotation: PhaseRotation;
  readonly ratedCurrentA: number;
  /** MeterValues period (s); fractions allowed for tests. */
  readonly meterValueIntervalS: number;
  readonly random: Random;
  /** Simulated seconds per real second for energy and state of charge (demo). Default 1. */
  readonly timeScale?: number;
  /**
   * The ECU's catalog parameters (canonical, as in the Site model): served under the firmware's OCPP
   * keys with their readonly flags (ecu-catalog-config.ts). Default: the catalog's defaults.
   */
  readonly ecuConfig?: EcuConfig;
  /**
   * More configuration values by OCPP key, e.g. a DLM master's parameters under its firmware's key
   * names (renderDlmOcppConfig in the domain): a catalog key takes the value, another key is added.
   */
  readonly configuration?: Readonly<Record<string, string>>;
  /** Reconnect backoff (ms). */
  readonly backoff?: { readonly initialDelayMs: number; readonly maxDelayMs: number };
  /** This ECU is its DLM network's master (§7.1): its limits appear in the OCPP configuration. */
  readonly dlmMaster?: DlmMasterLimits;
}

export interface EcuSimulatorState {
  readonly connected: boolean;
  /** BootNotification accepted on the current connection. */
  readonly accepted: boolean;
  readonly status: ConnectorStatus;
  readonly ev?: EvProfile;
  readonly pluggedInAt?: Date;
  readonly stateOfCharge?: number;
  readonly transactionId?: number;
  /** Current offered to the EV per phase (A): min(rated, DLM master, charging profiles). */
  readonly offeredA: number;
  /** EV current per grid phase (A). */
  readonly gridCurrentsA: GridCurrents;
  readonly energyWh: number;
  /** DLM master only: the Operator EVSE Sub-Distribution Limit now in force (A per phase). */
  readonly operatorLimitA?: number;
}

export interface EcuSimulator {
  readonly chargePointId: string;
  readonly state: EcuSimulatorState;
  plugIn(ev: EvProfile): Promise<void>;
  unplug(): Promise<void>;
  /** The DLM master's allocation for this CP (A per phase). */
  setOfferedCurrent(amps: number): void;
  stop(): Promise<void>;
}

const DEFAULT_FIRMWARE = '4.61-sim';

export async function startEcuSimulator(o: EcuSimulatorOptions): Promise<EcuSimulator> {
  const sim = new SimulatedEcu(o);
  await sim.start();
  return sim;
}

class SimulatedEcu implements EcuSimulator {
  readonly chargePointId: string;
  private readonly client: OcppClient;
  private readonly config: EcuConfiguration;
  private readonly connector: ConnectorModel;
  private readonly stopping = new AbortController();
  private accepted = false;
  private connectionGeneration = 0;
  private reconnectAttempts = 0;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private meterTimer: NodeJS.Timeout | undefined;
  private meterInFlight = false;
  /** The session's StartTransaction in flight, if any. */
  private readonly starting = new WeakMap<Session, Promise<void>>();
  private meterIntervalS: number;
  private readonly operatorKey: string | undefined;
  /** The DLM master's share for this CP before the operator limit caps it (A). */
  private masterShareA: number;

  constructor(private readonly o: EcuSimulatorOptions) {
    this.chargePointId = o.chargePointId;
    this.meterIntervalS = o.meterValueIntervalS;
    this.masterShareA = o.ratedCurrentA;
    const ratedCurrentA = ecuCapA(o.ratedCurrentA, o.ecuConfig?.operatorCurrentLimit);
    this.connector = new ConnectorModel({ ...o, ratedCurrentA, timeScale: o.timeScale ?? 1 }, (status) => {
      if (this.accepted)
        void this.send('StatusNotification', statusNotificationRequest(1, status, new Date()));
    });
    this.client = createOcppClient({
      endpoint: o.endpoint,
      identity: o.chargePointId,
      ...(o.password !== undefined ? { password: o.password } : {}),
      ...(o.backoff ? { backoff: o.backoff } : {}),
    });
    const firmware = o.firmwareVersion ?? DEFAULT_FIRMWARE;
    const dlm = o.dlmMaster ? dlmMasterConfigEntries(firmware, o.dlmMaster) : undefined;
    const catalog = catalogConfigEntries(firmware, o.ecuConfig).entries;
    const extra = Object.entries(o.configuration ?? {});
    this.config = new EcuConfiguration({
      HeartbeatInterval: { value: '300', readonly: false },
      MeterValueSampleInterval: {
        value: String(Math.max(1, Math.round(o.meterValueIntervalS))),
        readonly: false,
      },
      MeterValuesSampledData: {
        value: 'Current.Import,Current.Offered,Power.Active.Import,Energy.Active.Import.Register',
        readonly: false,
      },
      ConnectionTimeOut: { value: '60', readonly: false },
      NumberOfConnectors: { value: '1', readonly: true },
      SupportedFeatureProfiles: { value: 'Core,SmartCharging', readonly: true },
      ChargeProfileMaxStackLevel: { value: '8', readonly: true },
      // The catalog's parameters under this firmware's keys (OCPP 1.6 §5.8 answers, §5.3 changes).
      ...catalog,
      ...Object.fromEntries(
        extra.filter(([key]) => !(key in catalog)).map(([key, value]) => [key, { value, readonly: false }]),
      ),
      // A DLM master's limits: validated entries (the operator limit never above the sub-distribution limit).
      ...dlm?.entries,
    });
    for (const [key, value] of extra)
      if (key in catalog && !(key in (dlm?.entries ?? {}))) this.config.preset(key, value);
    this.operatorKey = dlm?.operatorKey;
    if (dlm) this.applyMasterShare();
  }

  private get operatorLimitA(): number | undefined {
    const value = this.operatorKey && this.config.get([this.operatorKey]).configurationKey[0]?.value;
    return value ? lowestPhaseA(value) : undefined;
  }

  /** The master allocates at most the operator limit (§7.1), here to its own connector. */
  private applyMasterShare(): void {
    this.connector.setMasterOffered(Math.min(this.masterShareA, this.operatorLimitA ?? Infinity));
  }

  get state(): EcuSimulatorState {
    const c = this.connector;
    const s = c.session;
    return {
      connected: this.client.isOpen,
      accepted: this.accepted,
      status: c.status,
      offeredA: c.offeredA(),
      gridCurrentsA: c.gridCurrents(),
      energyWh: c.energyWh,
      ...(this.operatorKey !== undefined && { operatorLimitA: this.operatorLimitA }),
      ...(s ? { ev: s.ev, pluggedInAt: s.pluggedInAt, stateOfCharge: s.stateOfCharge } : {}),
      ...(s?.transactionId !== undefined ? { transactionId: s.transactionId } : {}),
    };
  }

  async start(): Promise<void> {
    registerEcuHandlers(this.client, this.callTarget());
    this.client.on('open', () => {
      this.reconnectAttempts = 0;
      void this.boot(++this.connectionGeneration);
    });
    this.client.on('disconnect', () => this.onConnectionLost());
    this.client.on('close', () => {
      this.onConnectionLost();
      this.scheduleReconnect();
    });
    // A failed first attempt emits 'close', which schedules the retry.
    await this.client.connect().catch(() => undefined);
  }

  async plugIn(ev: EvProfile): Promise<void> {
    const session = this.connector.plug(ev);
    if (this.accepted) await this.startTransaction(session);
    this.connector.updateCharging();
  }

  async unplug(): Promise<void> {
    const s = this.connector.session;
    if (!s) return;
    this.connector.finishing();
    if (s.transactionId !== undefined) await this.stopTransaction(s, 'EVDisconnected');
    this.connector.unplugged();
  }

  setOfferedCurrent(amps: number): void {
    this.masterShareA = amps;
    this.applyMasterShare();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.clearTimers();
    await this.client.close({ force: true }).catch(() => undefined);
  }

  /**
   * Authorize (the card at the reader), then StartTransaction only for an Accepted idTag. One at a
   * time: a plug-in and a (re)boot both start the session's transaction, and must not start two.
   */
  private startTransaction(s: Session): Promise<void> {
    const inFlight = this.starting.get(s);
    if (inFlight) return inFlight;
    const started = this.authorizeAndStart(s).finally(() => this.starting.delete(s));
    this.starting.set(s, started);
    return started;
  }

  private async authorizeAndStart(s: Session): Promise<void> {
    if (s.transactionId !== undefined) return;
    try {
      const res = await this.client.call('Authorize', { idTag: s.ev.idTag });
      const status = (res.idTagInfo as { status?: string } | undefined)?.status;
      s.authorised = status === 'Accepted';
      if (!s.authorised) return;
    } catch {
      // No answer (timeout, NotImplemented): the ECU's local authorisation lets the session start.
    }
    const req = {
      connectorId: 1,
      idTag: s.ev.idTag,
      meterStart: Math.round(this.connector.energyWh),
      timestamp: new Date().toISOString(),
    };
    try {
      const res = await this.client.call('StartTransaction', req);
      const idTagInfo = res.idTagInfo as { status?: string } | undefined;
      if (typeof res.transactionId === 'number') s.transactionId = res.transactionId;
      s.authorised = idTagInfo?.status === undefined || idTagInfo.status === 'Accepted';
    } catch {
      // A central system that does not implement transactions (NotImplemented CALLERROR) or is gone:
      // the ECU charges anyway, without a transaction id.
    }
  }

  private async stopTransaction(s: Session, reason: string): Promise<void> {
    if (s.transactionId === undefined) return;
    const req = {
      transactionId: s.transactionId,
      idTag: s.ev.idTag,
      meterStop: Math.round(this.connector.energyWh),
      timestamp: new Date().toISOString(),
      reason,
    };
    delete s.transactionId;
    if (this.accepted) await this.send('StopTransaction', req);
  }

  /** BootNotification until Accepted (retrying after the interval on Pending/Rejected), then the rest. */
  private async boot(generation: number): Promise<void> {
    const current = (): boolean => generation === this.connectionGeneration && !this.stopping.signal.aborted;
    while (current()) {
      let intervalS = 10;
      try {
        const res = await this.client.call('BootNotification', {
          chargePointVendor: this.o.vendor ?? 'MENNEKES',
          chargePointModel: this.o.model ?? 'AMEDIO Professional+',
          chargePointSerialNumber: this.o.serialNumber ?? `SIM-${this.chargePointId}`.slice(0, 25),
          firmwareVersion: this.o.firmwareVersion ?? DEFAULT_FIRMWARE,
        });
        intervalS = typeof res.interval === 'number' && res.interval > 0 ? res.interval : intervalS;
        if (res.status === 'Accepted' && current()) {
          this.config.change('HeartbeatInterval', String(intervalS));
          this.accepted = true;
          await this.afterBoot();
          return;
        }
      } catch {
        // Timeout or dropped socket: retry after the interval (a new connection starts a new boot).
      }
      await sleep(intervalS * 1000, undefined, { signal: this.stopping.signal }).catch(() => undefined);
    }
  }

  private async afterBoot(): Promise<void> {
    this.restartTimers();
    const now = new Date();
    await this.send('StatusNotification', statusNotificationRequest(0, 'Available', now));
    await this.send('StatusNotification', statusNotificationRequest(1, this.connector.status, now));
    const s = this.connector.session;
    if (s && s.transactionId === undefined) await this.startTransaction(s);
    this.connector.updateCharging();
  }

  private restartTimers(): void {
    this.clearTimers();
    if (!this.accepted) return;
    const heartbeatS = this.config.number('HeartbeatInterval') ?? 300;
    this.heartbeatTimer = setInterval(() => void this.send('Heartbeat', {}), heartbeatS * 1000);
    this.meterTimer = setInterval(() => this.sendMeterValues(), this.meterIntervalS * 1000);
  }

  private clearTimers(): void {
    clearInterval(this.heartbeatTimer);
    clearInterval(this.meterTimer);
  }

  private sendMeterValues(): void {
    const sample = this.connector.sample();
    if (this.meterInFlight || !this.accepted) return;
    this.meterInFlight = true;
    void this.send('MeterValues', meterValuesRequest(sample)).finally(() => {
      this.meterInFlight = false;
    });
  }

  /** Fire-and-forget call: a failed call is dropped (the next sample or reconnect catches up). */
  private async send(method: string, params: OcppParams): Promise<void> {
    if (!this.client.isOpen) return;
    await this.client.call(method, params).catch(() => undefined);
  }

  private onConnectionLost(): void {
    this.accepted = false;
    this.clearTimers();
  }

  private scheduleReconnect(): void {
    if (this.stopping.signal.aborted) return;
    const { initialDelayMs, maxDelayMs } = this.o.backoff ?? { initialDelayMs: 1_000, maxDelayMs: 30_000 };
    const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** this.reconnectAttempts++);
    void sleep(delay, undefined, { signal: this.stopping.signal })
      .then(() => this.client.connect())
      .catch(() => undefined);
  }

  private callTarget(): EcuCallTarget {
    const hasTransaction = (): boolean => this.connector.session?.transactionId !== undefined;
    return {
      config: this.config,
      profiles: this.connector.profiles,
      get hasTransaction() {
        return hasTransaction();
      },
      onConfigurationChanged: (key) => {
        if (key === 'MeterValueSampleInterval')
          this.meterIntervalS = this.config.number(key) ?? this.meterIntervalS;
        if (key === 'HeartbeatInterval' || key === 'MeterValueSampleInterval') this.restartTimers();
        if (key === this.operatorKey) this.applyMasterShare();
      },
      onLimitsChanged: () => this.connector.updateCharging(),
      reset: (type) => void this.reset(type),
    };
  }

  private async reset(type: 'Soft' | 'Hard'): Promise<void> {
    const s = this.connector.session;
    if (s) await this.stopTransaction(s, type === 'Hard' ? 'HardReset' : 'SoftReset');
    // Closing makes the 'close' handler reconnect, which boots again (and restarts the transaction).
    await this.client.close({ force: true }).catch(() => undefined);
  }
}
