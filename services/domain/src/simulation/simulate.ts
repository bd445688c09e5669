// The planning simulator: replays EV arrivals and household load through the allocation engine at the
// DLM sample rate (§7 'DLM Algorithm Sample Rate'), checking every limit on every step.
import type { PhaseVector } from '../allocation/index';
import { allocate } from '../allocation/index';
import { arrivalsOf } from './arrivals';
import type { Slot } from './engine-input';
import { drawnGridPhases, engineInput } from './engine-input';
import { chargeStep } from './ev-model';
import { LimitChecker } from './limit-checks';
import type { Outcome } from './parking';
import { Parking } from './parking';
import type { EvOutcome, SimulationReport, Utilisation } from './report';
import { totalsOf } from './report';
import type { SimulationScenario } from './scenario';

const PHASES = [0, 1, 2] as const;

export interface SimulateOptions {
  readonly hours: number;
  /** Called as the run advances with the share done, 0..1 (about every 1 %, and at the end). */
  readonly onProgress?: (fraction: number) => void;
}

/** Bad simulation options (the scenario itself is checked by its schema). */
export class SimulationOptionsError extends Error {
  override readonly name = 'SimulationOptionsError';
}

const slotsOf = (scenario: SimulationScenario): Slot[] =>
  scenario.dlmNetworks.flatMap((n) =>
    n.supplyLines.flatMap((l) => l.chargePoints.map((chargePoint): Slot => ({ chargePoint, ev: undefined }))),
  );

/** Running sums for the time-weighted utilisation. */
class UtilisationMeter {
  private occupied = 0;
  private charging = 0;
  private readonly load: PhaseVector = [0, 0, 0];
  private steps = 0;

  record(slots: readonly Slot[], drawn: Float64Array): void {
    this.steps++;
    slots.forEach((slot, c) => {
      if (slot.ev !== undefined) this.occupied++;
      if ((slot.ev?.drawnA ?? 0) > 0) this.charging++;
      for (const p of PHASES) this.load[p] += drawn[3 * c + p] ?? 0;
    });
  }

  report(chargePoints: number): Utilisation {
    const cpSteps = Math.max(1, chargePoints * this.steps);
    const steps = Math.max(1, this.steps);
    return {
      chargePointsOccupied: this.occupied / cpSteps,
      chargePointsCharging: this.charging / cpSteps,
      mainConnectionMeanA: this.load.map((l) => l / steps) as PhaseVector,
    };
  }
}

/** One DLM sample period: allocate, then let every EV take its current for the period. */
function step(
  scenario: SimulationScenario,
  slots: readonly Slot[],
  hour: number,
  offered: Float64Array,
  drawn: Float64Array,
): PhaseVector[] {
  const result = allocate(engineInput(scenario, slots, hour, drawn));
  offered.fill(0);
  drawn.fill(0);
  result.chargePoints.forEach((allocation, c) => {
    const slot = slots[c];
    const ev = slot?.ev;
    if (slot === undefined || ev === undefined) return;
    for (const p of PHASES) offered[3 * c + p] = allocation.gridCurrents[p];
    const phases = drawnGridPhases(slot.chargePoint, ev.arrival);
    ev.drawnA = chargeStep(ev, allocation.current, phases.length, scenario.voltageV, scenario.sampleRateS);
    ev.offeredA = allocation.current;
    // Drawn on the EV's own phases, which may be fewer than the engine assumed (phases 'unknown').
    for (const p of phases) drawn[3 * c + p] = ev.drawnA;
  });
  // What the engine took as the external (non-EV) load of each DLM network, from the meter it was given.
  return result.nodes.filter((n) => n.kind === 'dlmNetwork').map((n) => n.externalLoad);
}

function outcomeOf(o: Outcome): EvOutcome {
  const { id, phases, maxCurrentA, time, departure, energyNeedWh } = o.arrival;
  return {
    id,
    chargePointId: o.chargePointId,
    phases,
    maxCurrentA,
    arrival: time,
    departure,
    waitedS: o.waitedS,
    energyNeedWh,
    deliveredWh: o.deliveredWh,
    unmetWh: Math.max(0, energyNeedWh - o.deliveredWh),
  };
}

/** Pure and deterministic: the same scenario (seed) and hours give the same report. */
export function simulate(scenario: SimulationScenario, options: SimulateOptions): SimulationReport {
  const { hours, onProgress } = options;
  if (!Number.isFinite(hours) || hours <= 0)
    throw new SimulationOptionsError(`hours must be > 0, got ${hours}`);
  const stepS = scenario.sampleRateS;
  const horizonS = hours * 3600;
  const steps = Math.ceil(horizonS / stepS);
  const slots = slotsOf(scenario);
  const parking = new Parking(slots, arrivalsOf(scenario, horizonS));
  const checker = new LimitChecker(scenario);
  const utilisation = new UtilisationMeter();
  const offered = new Float64Array(3 * slots.length);
  const drawn = new Float64Array(3 * slots.length);
  const every = Math.max(1, Math.floor(steps / 100));
  for (let s = 0; s < steps; s++) {
    const timeS = s * stepS;
    const hour = Math.floor(timeS / 3600) % 24;
    parking.advance(timeS);
    const engineExternal = step(scenario, slots, hour, offered, drawn);
    checker.observe(timeS, hour, offered, drawn, engineExternal);
    utilisation.record(slots, drawn);
    if (onProgress !== undefined && (s + 1) % every === 0) onProgress((s + 1) / steps);
  }
  parking.close();
  onProgress?.(1);
  const evs = parking.outcomes.map(outcomeOf);
  return {
    scenario: scenario.name,
    hours,
    sampleRateS: stepS,
    steps,
    chargePoints: slots.length,
    totals: totalsOf(evs, parking.maxWaiting, steps * stepS),
    evs,
    limits: checker.peakReport(),
    imbalance: checker.imbalanceReport(),
    limitViolations: checker.violationCount,
    violationExamples: checker.examples,
    drawnImbalanceExceedances: checker.drawnImbalanceExceedances,
    meterLagImbalanceExceedances: checker.meterLagImbalanceExceedances,
    utilisation: utilisation.report(slots.length),
  };
}
