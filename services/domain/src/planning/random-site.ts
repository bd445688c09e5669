import type { EcuConfig, EcuParamKey } from '../config/catalog';
import { ECU_PARAM_KEYS, paramSpec } from '../config/catalog';
import type { ParamSpec } from '../config/catalog-types';
import type { StationModel } from '../config/hardware';
import { StationModel as StationModels } from '../config/hardware';
import type { Site } from '../config/site';
import { mulberry32 } from '../random/index';
import { useCase1, useCase2, useCase3, useCase4 } from './templates';

// Seeded generator of realistic sites for benchmarks and fuzzing: a use-case template with random
// sizes and firmware, then a few random parameter changes so the audit has something to find.

/** The seeded PRNG for generated sites (mulberry32, shared with the simulators). */
export const seededRandom = mulberry32;

type Rng = () => number;
const int = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));
function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

const FIRMWARES = [
  '4.50-5332-f2190336c',
  '4.52-5412-d6a2288f6',
  '4.53-5500-0a1b2c3d4',
  '4.61-6000-a1b2c3d4e',
];
const PLUS: readonly StationModel[] = [
  'AMEDIO Professional+',
  'AMTRON Professional+',
  'AMEDIO Professional+* 22',
];

function stations(rng: Rng, max: number): StationModel[] {
  return [
    pick(rng, PLUS),
    ...Array.from({ length: int(rng, 0, max - 1) }, () => pick(rng, StationModels.options)),
  ];
}

function randomValue(rng: Rng, spec: ParamSpec): EcuConfig[EcuParamKey] {
  switch (spec.type) {
    case 'enum':
      return pick(rng, spec.options).value;
    case 'int':
      return int(rng, spec.min, Math.min(spec.max, spec.min + 100));
    case 'triplet': {
      const a = int(rng, Math.max(spec.min, -32), Math.min(spec.max, 250));
      return { l1: a, l2: a, l3: a };
    }
    case 'bool':
      return rng() < 0.5;
    case 'string':
      return spec.format === 'ipv4' || spec.format === 'netmask'
        ? `192.168.0.${int(rng, 1, 254)}`
        : 'ws://10.0.0.1';
  }
}

function template(rng: Rng): Site {
  const common = {
    firmware: pick(rng, FIRMWARES),
    backend: rng() < 0.5 ? ('sim' as const) : ('localInternet' as const),
  };
  switch (int(rng, 1, 4)) {
    case 1:
      return useCase1({ ...common, supplyLineA: int(rng, 16, 63) });
    case 2:
      return useCase2({ ...common, stations: stations(rng, 10), supplyLineA: int(rng, 32, 250) });
    case 3:
      return useCase3({
        ...common,
        lines: Array.from({ length: int(rng, 1, 3) }, () => ({
          ratingA: int(rng, 32, 160),
          stations: stations(rng, 5),
        })),
      });
    default:
      return useCase4({
        ...common,
        option: rng() < 0.5 ? 1 : 2,
        stations: stations(rng, 3),
        mainA: int(rng, 63, 250),
      });
  }
}

/** One generated site; `mutations` random parameter changes on random ECUs. */
export function randomSite(seed: number, mutations = 2): Site {
  const rng = seededRandom(seed);
  const site = template(rng);
  const stationsCopy = site.stations.map((s) => ({
    ...s,
    ecus: s.ecus.map((e) => ({ ...e, config: { ...e.config } })),
  }));
  for (let i = 0; i < mutations; i++) {
    const ecu = pick(rng, pick(rng, stationsCopy).ecus);
    const key = pick(rng, ECU_PARAM_KEYS);
    (ecu.config as Record<string, unknown>)[key] = randomValue(rng, paramSpec(key));
  }
  return { ...site, id: `site-${seed}`, stations: stationsCopy };
}

export function randomSites(count: number, seed = 1): Site[] {
  return Array.from({ length: count }, (_, i) => randomSite(seed * 1_000_003 + i));
}
