// Seeded random sites for the certification test and the benchmark (no Math.random: a seed in,
// the same site out). Sized so that some limits bind, some EVs pause and some stop at their own max.
import type { AllocationInput, AllocationInputDraft } from '../schema';
import { parseAllocationInput } from '../schema';
import { mulberry32 } from '../../random/index';
import type { ChargerDraft, LineDraft, NetworkDraft } from './builders';

/** The domain's seeded PRNG (mulberry32). */
export const seededRandom = mulberry32;

export interface GenerateOptions {
  readonly chargePoints: number;
  readonly imbalance?: boolean;
  readonly externalMeters?: boolean;
  /**
   * Imbalance limits at any node (imbalanceLimitA): the site always, some DLM networks and supply
   * lines — binding where single-phase EVs crowd one phase. Off: the same sites as before.
   */
  readonly nodeImbalance?: boolean;
  /** Share of EVs made single-phase (phasesInUse 1 on a random rotation: any grid phase). */
  readonly singlePhaseShare?: number;
}

type Phases = [number, number, number];

class Dice {
  constructor(readonly random: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.random() * items.length)];
    if (item === undefined) throw new Error('pick from empty list');
    return item;
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  phases(min: number, max: number): Phases {
    const base = this.int(min, max);
    return this.chance(0.7) ? [base, base, base] : [base, this.int(min, max), this.int(min, max)];
  }
}

function charger(dice: Dice, id: string, options: GenerateOptions): ChargerDraft {
  const state = dice.pick([
    'charging',
    'charging',
    'charging',
    'charging',
    'ready',
    'suspendedEv',
    'finished',
    'none',
  ] as const);
  const offered = dice.pick([6, 10, 16, 20, 32]);
  const drawing = state === 'charging' ? dice.pick([offered, offered, offered - 1, dice.int(0, offered)]) : 0;
  const picked = dice.pick([1, 2, 3, 3, 3, 'unknown'] as const);
  const share = options.singlePhaseShare;
  const phasesInUse = share !== undefined && dice.chance(share) ? 1 : picked;
  return {
    id,
    connection: dice.chance(0.15) ? 'singlePhase' : 'threePhase',
    phaseRotation: dice.pick(['RST', 'STR', 'TRS'] as const),
    ratedCurrent: dice.pick([16, 22, 32, 32]),
    ev: {
      state,
      phasesInUse,
      minCurrent: dice.chance(0.1) ? 8 : 6,
      maxCurrent: dice.pick([16, 20, 32, 32]),
      measuredCurrent: [drawing, phasesInUse === 1 ? 0 : drawing, phasesInUse === 3 ? drawing : 0],
      offeredCurrent: offered,
      pluggedInAt: dice.int(0, 1_000_000),
    },
  };
}

function network(dice: Dice, options: GenerateOptions, id: string, cps: ChargerDraft[]): NetworkDraft {
  const lines: LineDraft[] = [];
  for (let i = 0; i < cps.length;) {
    const size = dice.int(2, 8);
    const chargePoints = cps.slice(i, i + size);
    lines.push({
      id: `${id}-line${lines.length}`,
      limit: dice.phases(8 * chargePoints.length, 24 * chargePoints.length),
      ...(options.nodeImbalance === true && dice.chance(0.2) && { imbalanceLimitA: dice.int(6, 24) }),
      chargePoints,
    });
    i += size;
  }
  const sub = dice.phases(6 * cps.length, 16 * cps.length);
  const meter = options.externalMeters !== false && dice.chance(0.3);
  return {
    id,
    subDistributionLimit: sub,
    operatorLimit: dice.chance(0.3) ? dice.phases(4 * cps.length, 16 * cps.length) : sub,
    downgrade: { active: dice.chance(0.2), offset: dice.phases(0, 4 * cps.length) },
    externalMeter: meter
      ? {
          location: dice.pick(['excludingEvseSubDistribution', 'includingEvseSubDistribution'] as const),
          mainDistributionLimit: dice.phases(10 * cps.length, 20 * cps.length),
          connected: dice.chance(0.8),
          fallback: dice.pick<Phases>([
            [0, 0, 0],
            [9999, 9999, 9999],
            [20, 20, 20],
          ]),
          samples: Array.from({ length: dice.int(1, 3) }, () => dice.phases(0, 8 * cps.length)),
        }
      : { location: 'off' },
    imbalancePrevention: { enabled: options.imbalance === true && dice.chance(0.6), limit: dice.int(10, 30) },
    ...(options.nodeImbalance === true && dice.chance(0.3) && { imbalanceLimitA: dice.int(8, 30) }),
    supplyLines: lines,
  };
}

/** A seeded random site with `chargePoints` CPs in DLM networks of up to 60. */
export function generateSite(seed: number, options: GenerateOptions): AllocationInput {
  const dice = new Dice(seededRandom(seed));
  const cps = Array.from({ length: options.chargePoints }, (_, i) => charger(dice, `cp${i}`, options));
  const networks: NetworkDraft[] = [];
  for (let i = 0; i < cps.length;) {
    const size = dice.int(5, 60);
    networks.push(network(dice, options, `dlm${networks.length}`, cps.slice(i, i + size)));
    i += size;
  }
  const draft: AllocationInputDraft = {
    siteId: `site${seed}`,
    mainConnectionLimit: dice.phases(5 * cps.length, 14 * cps.length),
    // VDE-AR-N 4100 style asymmetry limit at the grid connection point, across all networks.
    ...(options.nodeImbalance === true && { imbalanceLimitA: dice.int(10, 40) }),
    dlmNetworks: networks,
  };
  return parseAllocationInput(draft);
}
