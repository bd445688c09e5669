// Builds the allocation engine's input for one sample step from the simulated charge points.
import type {
  AllocationInput,
  ChargePoint,
  DlmNetwork,
  Ev,
  GridPhase,
  PhaseVector,
} from '../allocation/index';
import { loadedGridPhases } from '../allocation/index';
import type { EvArrival } from './arrivals';
import type { ScenarioChargePoint, ScenarioNetwork, SimulationScenario } from './scenario';

const PHASES = [0, 1, 2] as const;

/** An EV plugged in at a charge point. */
export interface PluggedEv {
  readonly arrival: EvArrival;
  /** Index into the report's EV list. */
  readonly evIndex: number;
  readonly pluggedInAtS: number;
  deliveredWh: number;
  /** Average current drawn per loaded phase over the last step [A]. */
  drawnA: number;
  /** Current offered in the last step [A]; undefined before the first allocation. */
  offeredA: number | undefined;
}

export interface Slot {
  readonly chargePoint: ScenarioChargePoint;
  ev: PluggedEv | undefined;
}

/** Energy tolerance below which an EV counts as full [Wh]. */
export const FULL_EPS_WH = 1e-6;

/** CP phases the EV loads: its own phase count, or phase 1 only on a single-phase connection. */
export function loadedPhaseCount(cp: ScenarioChargePoint, ev: EvArrival): 1 | 2 | 3 {
  return cp.connection === 'singlePhase' ? 1 : ev.phases;
}

/** Grid phases the EV really draws on (§3 rotation), whatever the engine assumes about it. */
export function drawnGridPhases(cp: ScenarioChargePoint, ev: EvArrival): readonly GridPhase[] {
  const known: Ev = {
    state: 'charging',
    phasesInUse: ev.phases,
    minCurrent: 6,
    measuredCurrent: [0, 0, 0],
    pluggedInAt: 0,
  };
  return loadedGridPhases({ ...cp, ev: known });
}

function evInput(slot: Slot, plugged: PluggedEv): Ev {
  const k = loadedPhaseCount(slot.chargePoint, plugged.arrival);
  const measured: PhaseVector = [plugged.drawnA, k >= 2 ? plugged.drawnA : 0, k >= 3 ? plugged.drawnA : 0];
  const full = plugged.deliveredWh >= plugged.arrival.energyNeedWh - FULL_EPS_WH;
  return {
    state: full ? 'finished' : plugged.offeredA === undefined ? 'ready' : 'charging',
    // As on the ECU: phases are detected from the measured draw (engine assumes 3 until then).
    phasesInUse: 'unknown',
    minCurrent: 6,
    maxCurrent: plugged.arrival.maxCurrentA,
    measuredCurrent: measured,
    offeredCurrent: plugged.offeredA,
    pluggedInAt: plugged.pluggedInAtS * 1000,
  };
}

function chargePointInput(slot: Slot): ChargePoint {
  const plugged = slot.ev;
  return plugged === undefined ? slot.chargePoint : { ...slot.chargePoint, ev: evInput(slot, plugged) };
}

/** §7.4: what the meter reads this step; option 2 ('including') sees the EVs' draw as well. */
function meterOf(
  network: ScenarioNetwork,
  household: PhaseVector,
  evDraw: PhaseVector,
): DlmNetwork['externalMeter'] {
  const meter = network.externalMeter;
  if (meter.location === 'off') return meter;
  const reading =
    meter.location === 'includingEvseSubDistribution'
      ? (household.map((h, p) => h + (evDraw[p] ?? 0)) as PhaseVector)
      : household;
  return { ...meter, connected: true, samples: [reading] };
}

/**
 * The engine input for this step. `slots` are in tree order; `drawnGrid` holds the grid currents
 * drawn in the last step (3 per CP), which an 'including' meter sees.
 */
export function engineInput(
  scenario: SimulationScenario,
  slots: readonly Slot[],
  hour: number,
  drawnGrid: Float64Array,
): AllocationInput {
  let c = 0;
  const dlmNetworks = scenario.dlmNetworks.map((network): DlmNetwork => {
    const evDraw: PhaseVector = [0, 0, 0];
    const supplyLines = network.supplyLines.map((line) => ({
      ...line,
      chargePoints: line.chargePoints.map(() => {
        for (const p of PHASES) evDraw[p] += drawnGrid[3 * c + p] ?? 0;
        const slot = slots[c++];
        if (slot === undefined) throw new Error('slots out of step with the scenario tree');
        return chargePointInput(slot);
      }),
    }));
    const household = network.householdLoad?.[hour] ?? [0, 0, 0];
    const { householdLoad: _householdLoad, ...settings } = network;
    return { ...settings, externalMeter: meterOf(network, household, evDraw), supplyLines };
  });
  return { siteId: scenario.siteId, mainConnectionLimit: scenario.mainConnectionLimit, dlmNetworks };
}
