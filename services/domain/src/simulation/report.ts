// What the planning simulator reports. Every number carries its unit in its name.
import type { PhaseVector } from '../allocation/index';
import type { ImbalancePeak, LimitPeak, LimitViolation } from './limit-checks';

export interface EvOutcome {
  readonly id: string;
  /** Where it charged; null when it left before a charge point became free. */
  readonly chargePointId: string | null;
  readonly phases: 1 | 2 | 3;
  readonly maxCurrentA: number;
  /** Simulation seconds. */
  readonly arrival: number;
  readonly departure: number;
  /** Time spent waiting for a free charge point [s]. */
  readonly waitedS: number;
  readonly energyNeedWh: number;
  readonly deliveredWh: number;
  readonly unmetWh: number;
}

/** Energy over completed visits: EVs that left (or gave up waiting) within the simulated hours. */
export interface SimulationTotals {
  readonly evs: number;
  /** EVs that left before any charge point was free. */
  readonly turnedAway: number;
  /** Most EVs waiting for a charge point at once. */
  readonly maxWaiting: number;
  readonly demandWh: number;
  readonly deliveredWh: number;
  readonly unmetWh: number;
  /** deliveredWh / demandWh, 0..1 (1 when there was no demand). */
  readonly shareOfDemandMet: number;
  /** EVs still plugged in or waiting when the simulation ends: not counted above. */
  readonly inProgress: { readonly evs: number; readonly deliveredWh: number; readonly remainingWh: number };
}

export interface Utilisation {
  /** Time-weighted share of charge-point time with an EV plugged in, 0..1. */
  readonly chargePointsOccupied: number;
  /** Time-weighted share of charge-point time with an EV drawing current, 0..1. */
  readonly chargePointsCharging: number;
  /** Mean EV load at the main connection per phase L1/L2/L3 [A]. */
  readonly mainConnectionMeanA: PhaseVector;
}

export interface SimulationReport {
  readonly scenario: string;
  readonly hours: number;
  readonly sampleRateS: number;
  readonly steps: number;
  readonly chargePoints: number;
  readonly totals: SimulationTotals;
  readonly evs: readonly EvOutcome[];
  readonly limits: readonly LimitPeak[];
  readonly imbalance: readonly ImbalancePeak[];
  /** Steps × limits where what was offered or drawn exceeded a limit. Must be 0. */
  readonly limitViolations: number;
  readonly violationExamples: readonly LimitViolation[];
  /**
   * Steps × phase pairs where the drawn load broke the §8 imbalance limit although the offers held it:
   * EVs drawing less than offered, or on fewer phases before detection. Not an allocation fault.
   */
  readonly drawnImbalanceExceedances: number;
  /**
   * Steps × phase pairs where the offered load kept the §8 imbalance limit by the meter reading the
   * engine was given, but not by the true household load: an averaged reading that still holds the
   * draw of an EV that has just left (the ECU's DLM has the same lag). Reported, not a violation.
   */
  readonly meterLagImbalanceExceedances: number;
  readonly utilisation: Utilisation;
}

export function totalsOf(evs: readonly EvOutcome[], maxWaiting: number, horizonS: number): SimulationTotals {
  const done = evs.filter((e) => e.departure <= horizonS);
  const open = evs.filter((e) => e.departure > horizonS);
  const sum = (list: readonly EvOutcome[], f: (e: EvOutcome) => number): number =>
    list.reduce((s, e) => s + f(e), 0);
  const demandWh = sum(done, (e) => e.energyNeedWh);
  const deliveredWh = sum(done, (e) => e.deliveredWh);
  return {
    evs: evs.length,
    turnedAway: done.filter((e) => e.chargePointId === null).length,
    maxWaiting,
    demandWh,
    deliveredWh,
    unmetWh: sum(done, (e) => e.unmetWh),
    shareOfDemandMet: demandWh > 0 ? deliveredWh / demandWh : 1,
    inProgress: {
      evs: open.length,
      deliveredWh: sum(open, (e) => e.deliveredWh),
      remainingWh: sum(open, (e) => e.unmetWh),
    },
  };
}
