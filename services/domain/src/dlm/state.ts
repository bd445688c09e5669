import type { EcuConfig } from '../config/catalog';
import type { DlmStateTelemetry, ExternalMeterMode } from '../contracts/dlm';
import type { ConnectorStatus, TelemetryMessage } from '../contracts/telemetry';
import { fromPhaseVector, toPhaseVector, type PerPhaseAmps } from '../phases/index';
import { effectiveDlmLimit, externalAvailable, type MeterPoint } from './effective-limit';

// The state of one DLM network (§7) as the edge agent reconstructs it, as a pure reducer:
// state + event → state, and state → the 'dlmState' telemetry body. Events are the network's OCPP
// telemetry (BootNotification of the master: firmware; StatusNotification; MeterValues with
// Current.Offered / Current.Import per phase), the master's configuration read with GetConfiguration,
// and the external meter ('siteMeter'). Every input is ordered by its own time: a late (replayed,
// reordered) message never overwrites a newer one, so the order in which CPs report does not matter.
//
// Effective limit per phase (§7.1, §7.4): effectiveDlmLimit (effective-limit.ts), the function the
// allocation uses too. The downgrade input (§9) is not applied: the master's input state and offset
// are not among the parameters read (not in the catalog).

type Phases = PerPhaseAmps;
const ZERO: Phases = { l1: 0, l2: 0, l3: 0 };
const PHASES = ['l1', 'l2', 'l3'] as const;

export interface DlmNetworkSpec {
  readonly networkId: string;
  readonly masterChargePointId: string;
  /** The network's charge points, the master included. */
  readonly chargePointIds: readonly string[];
  /** Whether the edge agent reads the network's external meter. */
  readonly meterConfigured: boolean;
  /** Used until the master's 'DLM Algorithm Sample Rate' is read (s). */
  readonly defaultSampleRateS: number;
}

export interface DlmCpReading {
  readonly status?: ConnectorStatus;
  readonly statusAt?: string;
  readonly offered: Phases;
  readonly drawn: Phases;
  readonly meterAt?: string;
}

export interface DlmMeterState {
  readonly connected: boolean;
  readonly at: string;
  /** The last good reading (kept while disconnected, for display). */
  readonly lastReading?: Phases;
  readonly lastReadingAt?: string;
}

export interface DlmState {
  readonly spec: DlmNetworkSpec;
  readonly firmwareVersion?: string;
  readonly config?: EcuConfig;
  readonly configReadAt?: string;
  readonly meter?: DlmMeterState;
  readonly cps: Readonly<Record<string, DlmCpReading>>;
}

export type DlmEvent =
  | { readonly kind: 'telemetry'; readonly message: TelemetryMessage }
  /** The master's DLM parameters as read (see readDlmConfiguration), at `at`. */
  | { readonly kind: 'configuration'; readonly at: string; readonly config: EcuConfig };

export type DlmSnapshot = Omit<
  DlmStateTelemetry,
  'v' | 'messageId' | 'chargePointId' | 'observedAt' | 'type'
>;

export function initialDlmState(spec: DlmNetworkSpec): DlmState {
  const cps: Record<string, DlmCpReading> = {};
  for (const id of spec.chargePointIds) cps[id] = { offered: ZERO, drawn: ZERO };
  return { spec, cps };
}

const later = (at: string, than: string | undefined): boolean =>
  than === undefined || Date.parse(at) >= Date.parse(than);

export function reduceDlm(state: DlmState, event: DlmEvent): DlmState {
  if (event.kind === 'configuration') {
    if (!later(event.at, state.configReadAt)) return state;
    return { ...state, config: event.config, configReadAt: event.at };
  }
  const m = event.message;
  const cp = state.cps[m.chargePointId];
  if (cp === undefined) return state; // not this network's
  switch (m.type) {
    case 'boot':
      if (m.chargePointId !== state.spec.masterChargePointId || m.firmwareVersion === undefined) return state;
      return { ...state, firmwareVersion: m.firmwareVersion };
    case 'status':
      // Connector 0 is the charge point as a whole; the DLM shares current per connector (ECU: one).
      if (m.connectorId === 0 || !later(m.observedAt, cp.statusAt)) return state;
      return withCp(state, m.chargePointId, { ...cp, status: m.status, statusAt: m.observedAt });
    case 'meterValues':
      if (!later(m.observedAt, cp.meterAt)) return state;
      return withCp(state, m.chargePointId, {
        ...cp,
        offered: m.currentOffered,
        drawn: m.currentImport,
        meterAt: m.observedAt,
      });
    case 'siteMeter': {
      if (m.networkId !== state.spec.networkId || (state.meter && !later(m.observedAt, state.meter.at)))
        return state;
      const reading =
        m.connected && m.currents
          ? { lastReading: m.currents, lastReadingAt: m.observedAt }
          : state.meter?.lastReading && state.meter.lastReadingAt
            ? { lastReading: state.meter.lastReading, lastReadingAt: state.meter.lastReadingAt }
            : {};
      return { ...state, meter: { connected: m.connected, at: m.observedAt, ...reading } };
    }
    default:
      return state;
  }
}

function withCp(state: DlmState, id: string, reading: DlmCpReading): DlmState {
  return { ...state, cps: { ...state.cps, [id]: reading } };
}

/** Per-phase sums, always in the spec's CP order (so the result is independent of arrival order). */
function sum(state: DlmState, pick: (r: DlmCpReading) => Phases): Phases {
  const total = { l1: 0, l2: 0, l3: 0 };
  for (const id of state.spec.chargePointIds) {
    const r = state.cps[id];
    if (r === undefined) continue;
    const v = pick(r);
    for (const p of PHASES) total[p] += v[p];
  }
  return total;
}

export function externalMeterMode(state: DlmState): ExternalMeterMode {
  const c = state.config;
  if (c === undefined || c.externalMeterSupport === undefined) return 'unknown';
  if (!c.externalMeterSupport) return 'off';
  if (c.externalMeterLocation === undefined) return 'unknown';
  return c.externalMeterLocation === 'includingEvse' ? 'includingEvse' : 'excludingEvse';
}

/** The meter point as the effective limit needs it, when the master uses a meter the agent reads. */
function meterPoint(state: DlmState, mode: ExternalMeterMode, drawn: Phases): MeterPoint | undefined {
  const c = state.config ?? {};
  if ((mode !== 'excludingEvse' && mode !== 'includingEvse') || !state.spec.meterConfigured) return undefined;
  const live = state.meter?.connected === true ? state.meter.lastReading : undefined;
  // While the meter is down the fallback replaces the reading (§7.4); without one there is no meter term.
  const reading = live ?? (state.meter?.connected === true ? undefined : c.externalLoadFallback);
  if (reading === undefined || c.mainDistributionLimit === undefined) return undefined;
  return {
    location: mode === 'includingEvse' ? 'includingEvseSubDistribution' : 'excludingEvseSubDistribution',
    mainDistributionLimit: toPhaseVector(c.mainDistributionLimit),
    headroom: toPhaseVector(c.externalLoadHeadroom ?? ZERO),
    reading: toPhaseVector(reading),
    evDraw: toPhaseVector(drawn),
  };
}

export function dlmSnapshot(state: DlmState): DlmSnapshot {
  const c = state.config ?? {};
  const offered = sum(state, (r) => r.offered);
  const drawn = sum(state, (r) => r.drawn);
  const mode = externalMeterMode(state);
  const meterOn = mode === 'excludingEvse' || mode === 'includingEvse';
  const connected = state.meter?.connected;
  const usingFallback = meterOn && state.spec.meterConfigured && connected !== true;
  const meter = meterPoint(state, mode, drawn);
  const available = meter && externalAvailable(meter);
  const externalAvailableA = available && fromPhaseVector(available);
  const sub = c.evseSubDistributionLimit;
  const operator = c.operatorEvseSubDistributionLimit;
  // The one §7.1/§7.4 function the allocation uses too; the §9 downgrade input is not read (not in the catalog).
  const effectiveLimit =
    sub &&
    effectiveDlmLimit({
      subDistributionLimit: toPhaseVector(sub),
      operatorLimit: operator && toPhaseVector(operator),
      meter,
    });
  const effective = effectiveLimit && fromPhaseVector(effectiveLimit.limit);
  const effectiveSource = effectiveLimit?.source;
  const phaseValues = [drawn.l1, drawn.l2, drawn.l3];
  const imbalance = Math.max(...phaseValues) - Math.min(...phaseValues);
  const prevention = c.currentImbalancePrevention;
  const limit = c.currentImbalanceLimit;
  const meterState = state.meter;
  return {
    networkId: state.spec.networkId,
    ...(state.firmwareVersion !== undefined && { firmwareVersion: state.firmwareVersion }),
    ...(state.configReadAt !== undefined && { configReadAt: state.configReadAt }),
    sampleRateS: c.dlmSampleRate ?? state.spec.defaultSampleRateS,
    limits: {
      ...(sub !== undefined && { subDistribution: sub }),
      ...(operator !== undefined && { operator }),
      ...(externalAvailableA !== undefined && { externalAvailable: externalAvailableA }),
      ...(effective !== undefined && { effective }),
      ...(effectiveSource !== undefined && { effectiveSource }),
    },
    externalMeter: {
      mode,
      configured: state.spec.meterConfigured,
      ...(connected !== undefined && { connected }),
      ...(meterState?.lastReading !== undefined && { lastReading: meterState.lastReading }),
      ...(meterState?.lastReadingAt !== undefined && { lastReadingAt: meterState.lastReadingAt }),
      usingFallback,
    },
    offered,
    drawn,
    chargePoints: state.spec.chargePointIds.map((id) => {
      const r = state.cps[id] ?? { offered: ZERO, drawn: ZERO };
      return {
        id,
        ...(r.status !== undefined && { status: r.status }),
        offered: r.offered,
        drawn: r.drawn,
        ...(r.meterAt !== undefined && { meterAt: r.meterAt }),
      };
    }),
    imbalance: {
      drawn: imbalance,
      ...(prevention !== undefined && { prevention }),
      ...(limit !== undefined && { limit }),
      exceeded: prevention === true && limit !== undefined && imbalance > limit,
    },
  };
}

/**
 * What counts as a change worth publishing at once (not waiting for the sample period): a CP's
 * status, the meter connecting or disconnecting, a new configuration read, the master's firmware.
 * Readings (currents) alone are published at the sample rate.
 */
export function dlmChangeKey(state: DlmState): string {
  return JSON.stringify([
    state.spec.chargePointIds.map((id) => state.cps[id]?.status ?? null),
    state.meter?.connected ?? null,
    state.configReadAt ?? null,
    state.firmwareVersion ?? null,
  ]);
}
