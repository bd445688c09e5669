import { MIN_EV_CURRENT_A } from './twin-offers';
import type { EcuConfig } from '../config/catalog';
import type { StationEcu } from '../config/site';
import type { DlmStateTelemetry, ExternalMeterMode } from '../contracts/dlm';
import type { TwinDiagnosis } from '../contracts/twin';
import { PHASE_NAMES, PHASE_ROTATIONS, ROTATION_TO_GRID, type PhaseRotation } from '../phases/rotation';
import { PHASE_KEYS, type PerPhaseAmps } from '../phases/per-phase';

// The twin's diagnosis of one DLM network at one evaluation (issue #13 point 3): the symptoms the
// reported DLM state shows against the configured site and the twin's predicted offers. Pure and
// data-driven; the window (twin-window.ts) turns symptoms that persist into findings.
//
// Measurements: a charge point's Current.Import per phase is read per grid phase as wired (the edge's
// convention, edge-agent/sim: MeterValues after the physical phase rotation), so a single-phase EV on a
// CP set R/S/T that draws on L2 contradicts the setting (§3.2).

/** A charge point counts as drawing on a phase from this current (A). */
export const DRAWING_A = 1;
/** Offers closer than this (A) are the same offer (whole-amp rounding, one sample period's lag). */
export const OFFER_TOLERANCE_A = 2;
/** The engine's §7 rule: an EV drawing this far below its offer leaves the rest unused. */
const SELF_LIMITED_MARGIN_A = 2;

export type ReportedDlmState = Omit<DlmStateTelemetry, 'v' | 'messageId' | 'chargePointId' | 'type'>;

export interface ConfiguredNetwork {
  readonly networkId: string;
  readonly masterChargePointId: string | undefined;
  readonly masterConfig: EcuConfig;
  readonly members: readonly StationEcu[];
  /**
   * The Operator EVSE Sub-Distribution Limit the cloud's load control last commanded this master
   * (A, on every phase; stored commanded limits), if it has. The master then rightly reports it
   * instead of the configured one (§7.1 read with issue #13 point 4).
   */
  readonly commandedOperatorA?: number;
}

export interface NetworkEvaluation {
  readonly configured: ConfiguredNetwork;
  readonly reported: ReportedDlmState;
  /** The twin's offer per charge point (A), over the configured site and the live state. */
  readonly predicted: ReadonlyMap<string, number>;
  /**
   * Its offers at the previous evaluation: the master assigns current once per sample period (§7), so
   * the offer reported now may be the one it computed from the state the twin saw a period ago.
   */
  readonly previouslyPredicted?: ReadonlyMap<string, number>;
  /** The twin's offers if `chargePointId` were not in the master's DLM network (hypothesis test). */
  readonly predictedWithout: (chargePointId: string) => ReadonlyMap<string, number>;
}

const maxOf = (p: PerPhaseAmps): number => Math.max(p.l1, p.l2, p.l3);
const render = (p: PerPhaseAmps): string => `${p.l1}/${p.l2}/${p.l3}`;

/** Whether two offers differ in a way that matters for the EV drawing `drawnA` (A per phase). */
export function offersDiffer(predictedA: number, reportedA: number, drawnA: number): boolean {
  const predictedCharges = predictedA >= MIN_EV_CURRENT_A;
  const reportedCharges = reportedA >= MIN_EV_CURRENT_A;
  if (predictedCharges !== reportedCharges) return true; // one pauses the EV, the other lets it charge
  if (Math.abs(predictedA - reportedA) <= OFFER_TOLERANCE_A) return false;
  // An EV that leaves part of the reported offer unused and fits the twin's offer too: same outcome.
  return !(drawnA < reportedA - SELF_LIMITED_MARGIN_A && predictedA >= drawnA + 1);
}

const samePhases = (a: PerPhaseAmps, b: PerPhaseAmps): boolean =>
  PHASE_KEYS.every((p) => Math.abs(a[p] - b[p]) < 0.5);

/**
 * §7.1: the limits the master reports against the expected ones. The EVSE Sub-Distribution Limit is
 * the configured one. The Operator EVSE Sub-Distribution Limit is the one the cloud's load control
 * commanded, where it has — or the configured one: the edge agent restores its safe limit (by default
 * the configured one) when the cloud falls silent, and a state observed before a command arrived still
 * shows the limit it replaced (the window's persistence covers one period's lag between commands).
 */
function limitSymptoms(net: ConfiguredNetwork, reported: ReportedDlmState): TwinDiagnosis[] {
  const c = net.masterConfig;
  const commanded =
    net.commandedOperatorA === undefined
      ? undefined
      : { l1: net.commandedOperatorA, l2: net.commandedOperatorA, l3: net.commandedOperatorA };
  const pairs = [
    ['evseSubDistributionLimit', c.evseSubDistributionLimit, undefined, reported.limits.subDistribution],
    [
      'operatorEvseSubDistributionLimit',
      c.operatorEvseSubDistributionLimit,
      commanded,
      reported.limits.operator,
    ],
  ] as const;
  return pairs.flatMap(([setting, configured, byCloud, actual]) => {
    if (!actual || !configured) return [];
    if (samePhases(configured, actual) || (byCloud && samePhases(byCloud, actual))) return [];
    return [
      {
        code: 'limitNotAsConfigured' as const,
        networkId: net.networkId,
        ...(net.masterChargePointId !== undefined && { chargePointId: net.masterChargePointId }),
        manualSection: '§7.1',
        params: {
          setting,
          configured: render(configured),
          ...(byCloud && { commanded: render(byCloud) }),
          reported: render(actual),
        },
      },
    ];
  });
}

function configuredMeterMode(c: EcuConfig): ExternalMeterMode {
  if (c.externalMeterSupport === undefined) return 'unknown';
  if (!c.externalMeterSupport) return 'off';
  if (c.externalMeterLocation === undefined) return 'unknown';
  return c.externalMeterLocation === 'includingEvse' ? 'includingEvse' : 'excludingEvse';
}

/** §7.4: the meter setting, and the fallback standing in for a lost meter. */
function meterSymptoms(net: ConfiguredNetwork, reported: ReportedDlmState): TwinDiagnosis[] {
  const out: TwinDiagnosis[] = [];
  const configured = configuredMeterMode(net.masterConfig);
  const actual = reported.externalMeter.mode;
  if (configured !== 'unknown' && actual !== 'unknown' && configured !== actual)
    out.push({
      code: 'meterSettingNotAsConfigured',
      networkId: net.networkId,
      ...(net.masterChargePointId !== undefined && { chargePointId: net.masterChargePointId }),
      manualSection: '§7.4',
      params: { setting: 'externalMeterLocation', configured, reported: actual },
    });
  if (reported.externalMeter.usingFallback) {
    const fallback = net.masterConfig.externalLoadFallback;
    out.push({
      code: 'fallbackMeterLost',
      networkId: net.networkId,
      manualSection: '§7.4.1',
      params: {
        fallback: fallback ? render(fallback) : '9999/9999/9999',
        ...(reported.externalMeter.lastReadingAt !== undefined && {
          lastReadingAt: reported.externalMeter.lastReadingAt,
        }),
      },
    });
  }
  return out;
}

/** The rotation whose first `n` grid phases are exactly `loaded` (n = 1 or 2), if any. */
function rotationLoading(loaded: readonly number[]): PhaseRotation | undefined {
  const key = [...loaded].sort().join();
  return PHASE_ROTATIONS.find((r) => [...ROTATION_TO_GRID[r].slice(0, loaded.length)].sort().join() === key);
}

/** §3.2: a 1- or 2-phase draw on grid phases the configured rotation does not feed first. */
export function rotationSymptom(
  networkId: string,
  ecu: StationEcu,
  drawn: PerPhaseAmps,
): TwinDiagnosis | undefined {
  const loaded = PHASE_KEYS.flatMap((p, i) => (drawn[p] >= DRAWING_A ? [i] : []));
  // Three loaded phases (or none) look the same under every rotation.
  if (loaded.length === 0 || loaded.length === 3) return undefined;
  if (ecu.wiring.phases === 'single' && loaded.length > 1) return undefined;
  const configured = ecu.wiring.rotation;
  const expected = ROTATION_TO_GRID[configured].slice(0, loaded.length);
  if (expected.every((g) => loaded.includes(g))) return undefined;
  const measured = rotationLoading(loaded);
  return {
    code: 'phaseRotationContradicted',
    networkId,
    chargePointId: ecu.chargePointId,
    manualSection: '§3.2',
    params: {
      configured,
      ...(measured !== undefined && { measured }),
      evPhases: loaded.length,
      drawnOn: loaded.map((g) => PHASE_NAMES[g as 0 | 1 | 2]).join('+'),
      expectedOn: expected.map((g) => PHASE_NAMES[g]).join('+'),
    },
  };
}

interface Gap {
  readonly chargePointId: string;
  readonly predictedA: number;
  readonly reportedA: number;
  readonly drawnA: number;
}

/** Offers that differ from the twin's now — and from its previous prediction (one period's lag). */
function gapsOf(
  predicted: ReadonlyMap<string, number>,
  reported: ReportedDlmState,
  options: { skip?: string; previous?: ReadonlyMap<string, number> | undefined } = {},
): Gap[] {
  return reported.chargePoints.flatMap((cp) => {
    const predictedA = predicted.get(cp.id);
    if (predictedA === undefined || cp.id === options.skip) return [];
    const reportedA = maxOf(cp.offered);
    const drawnA = maxOf(cp.drawn);
    const before = options.previous?.get(cp.id);
    const lagging = before !== undefined && !offersDiffer(before, reportedA, drawnA);
    return !lagging && offersDiffer(predictedA, reportedA, drawnA)
      ? [{ chargePointId: cp.id, predictedA, reportedA, drawnA }]
      : [];
  });
}

/** Hypotheses tested per evaluation (each is one allocation run): the widest gaps first. */
const SATELLITE_CANDIDATES = 3;

/**
 * §7: a satellite is outside the master's network when the master does not serve its waiting EV
 * (reported below the minimum, the twin would serve it) and the other offers are explained without it.
 */
function satelliteSymptom(evaluation: NetworkEvaluation, gaps: readonly Gap[]): TwinDiagnosis | undefined {
  const { configured, reported } = evaluation;
  const candidates = gaps
    .filter(
      (g) =>
        g.chargePointId !== configured.masterChargePointId &&
        g.reportedA < MIN_EV_CURRENT_A &&
        g.predictedA >= MIN_EV_CURRENT_A,
    )
    .sort((a, b) => b.predictedA - b.reportedA - (a.predictedA - a.reportedA))
    .slice(0, SATELLITE_CANDIDATES);
  for (const gap of candidates) {
    const without = evaluation.predictedWithout(gap.chargePointId);
    if (gapsOf(without, reported, { skip: gap.chargePointId }).length > 0) continue;
    return {
      code: 'satelliteNotConnected',
      networkId: configured.networkId,
      chargePointId: gap.chargePointId,
      manualSection: '§7',
      params: {
        ...(configured.masterChargePointId !== undefined && { master: configured.masterChargePointId }),
        predictedA: gap.predictedA,
        reportedOfferedA: gap.reportedA,
      },
    };
  }
  return undefined;
}

/**
 * The symptoms of one evaluation. Settings the master reports (limits, meter) and the measured phases
 * are checked directly; offer gaps are attributed to them when present, else tested against the
 * hypothesis "a satellite is not connected", and only what stays unexplained is an 'offerGap'.
 */
export function diagnoseNetwork(evaluation: NetworkEvaluation): TwinDiagnosis[] {
  const { configured, reported } = evaluation;
  const settings = [...limitSymptoms(configured, reported), ...meterSymptoms(configured, reported)];
  const members = new Map(configured.members.map((m) => [m.chargePointId, m]));
  const rotations = reported.chargePoints.flatMap((cp) => {
    const ecu = members.get(cp.id);
    const symptom = ecu && rotationSymptom(configured.networkId, ecu, cp.drawn);
    return symptom ? [symptom] : [];
  });
  if (settings.length > 0) return [...settings, ...rotations];
  const rotated = new Set(rotations.map((r) => r.chargePointId));
  const previous = evaluation.previouslyPredicted;
  const gaps = gapsOf(evaluation.predicted, reported, { previous }).filter(
    (g) => !rotated.has(g.chargePointId),
  );
  if (gaps.length === 0) return rotations;
  const satellite = satelliteSymptom(evaluation, gaps);
  if (satellite) return [...rotations, satellite];
  return [
    ...rotations,
    ...gaps.map((g): TwinDiagnosis => ({
      code: 'offerGap',
      networkId: configured.networkId,
      chargePointId: g.chargePointId,
      manualSection: '§7',
      params: { predictedA: g.predictedA, reportedOfferedA: g.reportedA, drawnA: round1(g.drawnA) },
    })),
  ];
}

const round1 = (a: number): number => Math.round(a * 10) / 10;
