// EV arrivals over the simulated horizon: the scenario's list, or drawn from its generator (seeded).
import type { Random } from '../random/index';
import { between, mulberry32 } from '../random/index';
import type { ArrivalGenerator, SimulationScenario } from './scenario';

/** One EV that comes to the site. Times in simulation seconds. */
export interface EvArrival {
  readonly id: string;
  readonly time: number;
  readonly chargePointId: string | undefined;
  readonly phases: 1 | 2 | 3;
  readonly maxCurrentA: number;
  readonly energyNeedWh: number;
  readonly departure: number;
}

const HOUR_S = 3600;

/** Knuth's method: fine for the small hourly rates of a car park. */
function poisson(random: Random, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

function pickWeighted<T extends { share: number }>(random: Random, items: readonly T[]): T | undefined {
  const total = items.reduce((sum, i) => sum + i.share, 0);
  let r = random() * total;
  for (const item of items) {
    r -= item.share;
    if (r < 0) return item;
  }
  return items[items.length - 1];
}

function generate(model: ArrivalGenerator, seed: number, horizonS: number): EvArrival[] {
  const random = mulberry32(seed);
  const arrivals: EvArrival[] = [];
  for (let hour = 0; hour * HOUR_S < horizonS; hour++) {
    const count = poisson(random, model.arrivalsPerHour[hour % 24] ?? 0);
    const times = Array.from({ length: count }, () => (hour + random()) * HOUR_S).sort((a, b) => a - b);
    for (const time of times) {
      const type = pickWeighted(random, model.evMix);
      if (type === undefined || time >= horizonS) continue;
      const dwellS = between(random, model.dwellHours.min, model.dwellHours.max) * HOUR_S;
      arrivals.push({
        id: `ev-${arrivals.length + 1}`,
        time: Math.round(time),
        chargePointId: undefined,
        phases: type.phases,
        maxCurrentA: type.maxCurrentA,
        energyNeedWh: Math.round(between(random, model.energyNeedWh.min, model.energyNeedWh.max)),
        departure: Math.round(time + dwellS),
      });
    }
  }
  return arrivals;
}

/** Arrivals before the horizon, in time order (ties keep the scenario's order). */
export function arrivalsOf(scenario: SimulationScenario, horizonS: number): EvArrival[] {
  const model = scenario.evArrivals;
  if (model.kind === 'generated') return generate(model, scenario.seed, horizonS);
  return model.arrivals
    .map((a, i) => ({ ...a, id: a.id ?? `ev-${i + 1}`, chargePointId: a.chargePointId }))
    .filter((a) => a.time < horizonS)
    .sort((a, b) => a.time - b.time);
}
