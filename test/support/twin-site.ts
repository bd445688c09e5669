import { randomUUID } from 'node:crypto';
import {
  allocate,
  allocationInputOf,
  dlmSnapshot,
  initialDlmState,
  parseAllocationInput,
  readDlmConfiguration,
  reduceDlm,
  renderDlmOcppConfig,
  ROTATION_TO_GRID,
  siteDlmNetworks,
  TelemetryMessage,
  TELEMETRY_SCHEMA_VERSION,
  type DlmState,
  type EcuConfig,
  type LiveEv,
  type PerPhaseAmps,
  type PhaseRotation,
  type Site,
  type SiteDlmNetwork,
  type SiteLiveState,
} from '@ampfleet/domain';
import { ConnectorModel, mulberry32, type EvProfile, type MeterSample } from '@ampfleet/edge-agent/sim';

// A simulated DLM site for the twin's tests and bench, stepped by an injected clock (no timers, no
// sleeps): the ECU simulator's connector physics (edge-agent/sim ConnectorModel: offer, EV draw per grid
// phase after the PHYSICAL rotation), a simulated DLM master running the allocation engine over the site
// as the ECU is really set up (its own configuration read over OCPP keys, the rotations it is set to,
// the satellites that reach it, its meter), and the edge agent's DLM reducer (dlm/state.ts) turning the
// resulting OCPP telemetry and meter readings into the 'dlmState' messages the edge publishes.
// A seeded misconfiguration is a difference between the desired site and this physical truth.

export interface SeededFaults {
  /** Charge points wired with another rotation than the configuration says (§3.2). */
  readonly wiredRotation?: Readonly<Record<string, PhaseRotation>>;
  /** The master's DLM parameters as really set (e.g. another operator limit, §7.1). */
  readonly masterConfig?: EcuConfig;
  /** Satellites that do not reach their master (§7): it never assigns them current. */
  readonly disconnectedSatellites?: readonly string[];
  /** The external meter does not answer (§7.4.1: the fallback replaces its reading). */
  readonly meterLost?: boolean;
}

export interface TwinSiteOptions {
  readonly site: Site;
  readonly faults?: SeededFaults;
  readonly start: Date;
  /** Non-EV load at the meter point per grid phase (A). */
  readonly householdA?: PerPhaseAmps;
  readonly seed?: number;
}

export interface TwinSiteStep {
  /** Every message of the step in publish order (status, meterValues, siteMeter, then the dlmState). */
  readonly messages: readonly TelemetryMessage[];
  readonly dlmState: Extract<TelemetryMessage, { type: 'dlmState' }>;
}

const ZERO: PerPhaseAmps = { l1: 0, l2: 0, l3: 0 };

export class TwinSite {
  readonly network: SiteDlmNetwork;
  readonly sampleRateS: number;
  private readonly connectors = new Map<string, ConnectorModel>();
  private readonly pluggedAt = new Map<string, number>();
  private readonly pendingStatus: TelemetryMessage[] = [];
  private faults: SeededFaults;
  private dlm: DlmState;
  private nowMs: number;
  private readonly truthConfig: () => EcuConfig;

  constructor(private readonly o: TwinSiteOptions) {
    const network = siteDlmNetworks(o.site).find((n) => n.master !== undefined);
    if (!network?.master) throw new Error(`${o.site.id}: the simulated site needs a DLM master (§7)`);
    this.network = network;
    this.faults = o.faults ?? {};
    this.nowMs = o.start.getTime();
    const random = mulberry32(o.seed ?? 7);
    for (const ecu of network.members) {
      const wired = this.faults.wiredRotation?.[ecu.chargePointId] ?? ecu.wiring.rotation;
      const model = new ConnectorModel(
        {
          phaseConnection: ecu.wiring.phases === 'single' ? 'singlePhase' : 'threePhase',
          phaseRotation: wired,
          ratedCurrentA: Math.min(ecu.ratedCurrentA, ecu.config.operatorCurrentLimit ?? Infinity),
          random,
          timeScale: 1,
        },
        (status) => this.pendingStatus.push(this.statusMessage(ecu.chargePointId, status)),
      );
      model.setMasterOffered(0);
      this.connectors.set(ecu.chargePointId, model);
    }
    this.truthConfig = () => ({ ...network.masterConfig, ...this.faults.masterConfig });
    this.sampleRateS = this.truthConfig().dlmSampleRate ?? 30;
    this.dlm = initialDlmState({
      networkId: network.id,
      masterChargePointId: network.master.chargePointId,
      chargePointIds: network.members.map((m) => m.chargePointId),
      meterConfigured: network.meter !== undefined,
      defaultSampleRateS: this.sampleRateS,
    });
    this.readMasterConfiguration();
  }

  /** The edge agent's GetConfiguration of the master: the truth's parameters under its firmware's keys. */
  private readMasterConfiguration(): void {
    const keys = renderDlmOcppConfig(this.truthConfig(), '4.61');
    const read = readDlmConfiguration(Object.entries(keys).map(([key, value]) => ({ key, value })));
    this.dlm = reduceDlm(this.dlm, {
      kind: 'configuration',
      at: new Date(this.nowMs).toISOString(),
      config: read.config,
    });
  }

  /** Changes the physical truth (e.g. an installer corrects a setting); the edge re-reads the master. */
  setFaults(faults: SeededFaults): void {
    this.faults = faults;
    this.readMasterConfiguration();
  }

  plugIn(chargePointId: string, ev: Omit<EvProfile, 'idTag'>): void {
    const connector = this.connectors.get(chargePointId);
    if (!connector) throw new Error(`no charge point ${chargePointId} in ${this.network.id}`);
    connector.plug({ idTag: `EV-${chargePointId}`, ...ev });
    this.pluggedAt.set(chargePointId, this.nowMs);
  }

  /** One DLM sample period: the master allocates, the ECUs report, the edge publishes its DLM state. */
  step(): TwinSiteStep {
    this.nowMs += this.sampleRateS * 1000;
    this.allocateAsTheMaster();
    const at = new Date(this.nowMs).toISOString();
    const messages: TelemetryMessage[] = [];
    for (const [id, connector] of this.connectors) {
      const sample = connector.sample();
      messages.push(...this.pendingStatus.splice(0), this.meterValues(id, sample, at));
    }
    messages.push(this.siteMeter(at));
    for (const message of messages) this.dlm = reduceDlm(this.dlm, { kind: 'telemetry', message });
    const dlmState = TelemetryMessage.parse({
      ...this.envelope(this.network.master!.chargePointId, new Date(this.nowMs + 500).toISOString()),
      type: 'dlmState',
      ...dlmSnapshot(this.dlm),
    }) as TwinSiteStep['dlmState'];
    return { messages: [...messages, dlmState], dlmState };
  }

  private grid(id: string): PerPhaseAmps {
    const g = this.connectors.get(id)?.gridCurrents();
    return g ? { l1: g.L1, l2: g.L2, l3: g.L3 } : ZERO;
  }

  /** The master's view: the rotations it is SET to, the satellites that reach it, its own parameters. */
  private allocateAsTheMaster(): void {
    const cut = new Set(this.faults.disconnectedSatellites ?? []);
    const evs: Record<string, LiveEv> = {};
    for (const ecu of this.network.members) {
      const id = ecu.chargePointId;
      const c = this.connectors.get(id);
      if (!c?.session || cut.has(id)) continue;
      const physical = this.faults.wiredRotation?.[id] ?? ecu.wiring.rotation;
      const g = this.grid(id);
      const byGrid = [g.l1, g.l2, g.l3];
      const [a, b, d] = ROTATION_TO_GRID[physical];
      const measured: [number, number, number] = [byGrid[a] ?? 0, byGrid[b] ?? 0, byGrid[d] ?? 0];
      evs[id] = {
        state: c.status === 'Charging' ? 'charging' : 'ready',
        phasesInUse: measured.filter((x) => x >= 1).length as 1 | 2 | 3,
        measuredA: measured,
        offeredA: c.offeredA(),
        pluggedInAt: this.pluggedAt.get(id) ?? this.nowMs,
      };
      if (measured.every((x) => x < 1)) evs[id] = { ...evs[id], phasesInUse: 'unknown' };
    }
    const truthSite = this.truthSite();
    const live: SiteLiveState = {
      evs,
      meters: {
        [this.network.id]: {
          connected: !this.faults.meterLost,
          samples: this.faults.meterLost ? [] : [this.meterCurrents()],
        },
      },
    };
    const result = allocate(parseAllocationInput(allocationInputOf(truthSite, live)));
    const offers = new Map(result.chargePoints.map((c) => [c.id, c.current]));
    for (const [id, connector] of this.connectors)
      connector.setMasterOffered(cut.has(id) ? 0 : (offers.get(id) ?? 0));
  }

  private truthSite(): Site {
    const masterId = this.network.master!.chargePointId;
    const config = this.truthConfig();
    return {
      ...this.o.site,
      stations: this.o.site.stations.map((s) => ({
        ...s,
        ecus: s.ecus.map((e) =>
          e.chargePointId === masterId ? { ...e, config: { ...e.config, ...config } } : e,
        ),
      })),
    };
  }

  /** What the meter measures: household load plus the EVs (§7.4.2 'including'), per grid phase. */
  private meterCurrents(): PerPhaseAmps {
    const h = this.o.householdA ?? { l1: 10, l2: 12, l3: 8 };
    const total = { ...h };
    for (const id of this.connectors.keys()) {
      const g = this.grid(id);
      total.l1 += g.l1;
      total.l2 += g.l2;
      total.l3 += g.l3;
    }
    return total;
  }

  private envelope(chargePointId: string, observedAt: string) {
    return { v: TELEMETRY_SCHEMA_VERSION, messageId: randomUUID(), chargePointId, observedAt };
  }

  private statusMessage(chargePointId: string, status: string): TelemetryMessage {
    return TelemetryMessage.parse({
      ...this.envelope(chargePointId, new Date(this.nowMs).toISOString()),
      type: 'status',
      connectorId: 1,
      status,
      errorCode: 'NoError',
    });
  }

  private meterValues(chargePointId: string, s: MeterSample, at: string): TelemetryMessage {
    return TelemetryMessage.parse({
      ...this.envelope(chargePointId, at),
      type: 'meterValues',
      connectorId: 1,
      currentImport: { l1: s.importA.L1, l2: s.importA.L2, l3: s.importA.L3 },
      currentOffered: { l1: s.offeredA.L1, l2: s.offeredA.L2, l3: s.offeredA.L3 },
      activePowerW: s.powerW,
      energyImportWh: Math.round(s.energyWh),
    });
  }

  private siteMeter(at: string): TelemetryMessage {
    const base = {
      ...this.envelope(this.network.master!.chargePointId, at),
      type: 'siteMeter',
      networkId: this.network.id,
    };
    if (this.faults.meterLost)
      return TelemetryMessage.parse({ ...base, model: 'PAC2200', connected: false, fault: 'connect_failed' });
    const currents = this.meterCurrents();
    return TelemetryMessage.parse({
      ...base,
      model: 'PAC2200',
      connected: true,
      currents,
      voltages: { l1: 230, l2: 230, l3: 230 },
      activePowerW: Math.round((currents.l1 + currents.l2 + currents.l3) * 230 * 0.97),
    });
  }
}
