// "How many charge points can this connection carry": the same connection and the same EV demand,
// with 1..N copies of the scenario's charge point; how much of the demand is met at each size.
import { PHASE_ROTATIONS } from '../phases/index';
import type { SimulationScenario } from './scenario';
import { simulate, SimulationOptionsError } from './simulate';

export interface CapacityCurveOptions {
  readonly maxChargePoints: number;
  readonly hours: number;
  /** Share done over the whole curve, 0..1. */
  readonly onProgress?: (fraction: number) => void;
}

export interface CapacityPoint {
  readonly chargePoints: number;
  readonly shareOfDemandMet: number;
  readonly deliveredWh: number;
  readonly unmetWh: number;
  readonly turnedAway: number;
  readonly limitViolations: number;
}

/** Installers rotate the phases of neighbouring charge points so 1-phase EVs spread (§3). */
const ROTATIONS = PHASE_ROTATIONS;

/**
 * The scenario with `count` copies of its first charge point, spread round-robin over its supply
 * lines. Arrivals bound to a particular charge point take any free one instead.
 */
export function withChargePoints(scenario: SimulationScenario, count: number): SimulationScenario {
  const template = scenario.dlmNetworks.flatMap((n) => n.supplyLines.flatMap((l) => l.chargePoints))[0];
  if (template === undefined) throw new SimulationOptionsError('the scenario has no charge point to copy');
  const lineCount = scenario.dlmNetworks.reduce((sum, n) => sum + n.supplyLines.length, 0);
  let lineIndex = 0;
  const dlmNetworks = scenario.dlmNetworks.map((network) => ({
    ...network,
    supplyLines: network.supplyLines.map((line) => {
      const mine = lineIndex++;
      const chargePoints = [];
      for (let k = mine; k < count; k += lineCount)
        chargePoints.push({
          ...template,
          id: `${template.id}-copy-${k + 1}`,
          phaseRotation: ROTATIONS[k % ROTATIONS.length] ?? template.phaseRotation,
        });
      return { ...line, chargePoints };
    }),
  }));
  const evArrivals =
    scenario.evArrivals.kind === 'list'
      ? {
          kind: 'list' as const,
          arrivals: scenario.evArrivals.arrivals.map(({ chargePointId: _cp, ...a }) => a),
        }
      : scenario.evArrivals;
  return { ...scenario, dlmNetworks, evArrivals };
}

/** Share of demand met for 1..maxChargePoints charge points (same seed, so the same EVs arrive). */
export function capacityCurve(scenario: SimulationScenario, options: CapacityCurveOptions): CapacityPoint[] {
  const { maxChargePoints, hours, onProgress } = options;
  if (!Number.isInteger(maxChargePoints) || maxChargePoints < 1)
    throw new SimulationOptionsError(`maxChargePoints must be a whole number ≥ 1, got ${maxChargePoints}`);
  const curve: CapacityPoint[] = [];
  for (let n = 1; n <= maxChargePoints; n++) {
    const report = simulate(withChargePoints(scenario, n), {
      hours,
      onProgress: onProgress && ((f) => onProgress((n - 1 + f) / maxChargePoints)),
    });
    const { shareOfDemandMet, deliveredWh, unmetWh, turnedAway } = report.totals;
    curve.push({
      chargePoints: n,
      shareOfDemandMet,
      deliveredWh,
      unmetWh,
      turnedAway,
      limitViolations: report.limitViolations,
    });
  }
  return curve;
}
