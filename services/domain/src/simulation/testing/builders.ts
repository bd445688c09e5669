// Test-data builders for simulation scenarios: each test states only what matters (STYLE.md habit 7).
import type { SimulationScenario, SimulationScenarioDraft } from '../scenario';
import { SimulationScenarioSchema } from '../scenario';

type NetworkDraft = SimulationScenarioDraft['dlmNetworks'][number];
type LineDraft = NetworkDraft['supplyLines'][number];
export type ChargePointDraft = LineDraft['chargePoints'][number];
export interface ArrivalDraft {
  id?: string;
  time: number;
  chargePointId?: string;
  phases: 1 | 2 | 3;
  maxCurrentA: number;
  energyNeedWh: number;
  departure: number;
}
type Phases = [number, number, number];

export const all3 = (a: number): Phases => [a, a, a];
export const HOUR = 3600;

export function anArrival(overrides: Partial<ArrivalDraft> = {}): ArrivalDraft {
  return { time: 0, phases: 3, maxCurrentA: 16, energyNeedWh: 10_000, departure: 8 * HOUR, ...overrides };
}

export function chargePoints(count: number, overrides: Partial<ChargePointDraft> = {}): ChargePointDraft[] {
  return Array.from({ length: count }, (_, i) => ({ id: `cp-${i + 1}`, ratedCurrent: 32, ...overrides }));
}

/** One DLM network with one supply line of `lineA` per phase, and the given arrivals. */
export function aScenario(
  options: {
    lineA?: number;
    chargePoints?: ChargePointDraft[];
    arrivals?: ArrivalDraft[];
    network?: Partial<NetworkDraft>;
  } & Partial<SimulationScenarioDraft> = {},
): SimulationScenario {
  const { lineA = 100, chargePoints: cps, arrivals = [], network = {}, ...scenario } = options;
  return SimulationScenarioSchema.parse({
    name: 'test',
    siteId: 'site',
    mainConnectionLimit: all3(9999),
    dlmNetworks: [
      {
        id: 'dlm-0',
        subDistributionLimit: all3(lineA),
        supplyLines: [{ id: 'line-0', limit: all3(lineA), chargePoints: cps ?? chargePoints(2) }],
        ...network,
      },
    ],
    evArrivals: { kind: 'list', arrivals },
    ...scenario,
  });
}
