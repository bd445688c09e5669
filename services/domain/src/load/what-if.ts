import { z } from 'zod';
import type { Site } from '../config/site';
import { SiteId } from '../contracts/ids';
import type { PhaseVector } from '../phases/index';
import { allocationInputOf } from '../site/projections/allocation-input';
import { siteDlmNetworks } from '../site/dlm-networks';
import { PHASE_ROTATIONS } from '../phases/index';
import { SimulationScenarioSchema, type SimulationScenario } from '../simulation/scenario';
import { simulate, SimulationOptionsError } from '../simulation/simulate';
import { LoadBucketAttr as A } from './minute-bucket';
import type { LoadBucketItem } from './history';

// load.simulate (issue #13 points 6, 7): "can this connection carry N more charge points?" — the planning
// simulator over the site's configured tree with 0, 1, …, N copies of its first charge point added
// (round-robin over its supply lines, phase rotation rotated as installers do, §3), EVs arriving in
// proportion to the charge points, and the household load the site's meters saw (hour aggregates).
// One call runs ONE size (a chunk): the console runs chunks 0..N and draws progress from them, so the
// work of one request is bounded by one simulation run (see WHAT_IF_LIMITS), on Lambda as locally.

export const WHAT_IF_LIMITS = {
  maxAdditionalChargePoints: 50,
  hours: 24,
  /** Steps at least this long (s): a planning curve does not need the ECU's 30 s, and it halves the work. */
  minSampleRateS: 60,
  /** Charge points × steps of one chunk (200 CPs over 24 h at 60 s). */
  maxWork: 200 * 1440,
} as const;

export const LoadSimulateInput = z
  .object({
    siteId: SiteId,
    /** N: how many charge points to add at most. */
    additionalChargePoints: z.number().int().min(1).max(WHAT_IF_LIMITS.maxAdditionalChargePoints),
    /** Which size this call runs: 0..additionalChargePoints added. */
    chunk: z.number().int().min(0),
  })
  .strict()
  .refine((i) => i.chunk <= i.additionalChargePoints, {
    message: 'chunk must be ≤ additionalChargePoints',
    path: ['chunk'],
  });
export type LoadSimulateInput = z.infer<typeof LoadSimulateInput>;

export const WhatIfPoint = z
  .object({
    addedChargePoints: z.number().int(),
    chargePoints: z.number().int(),
    /** Energy delivered / energy the EVs wanted, 0..1. */
    shareOfDemandMet: z.number(),
    deliveredWh: z.number(),
    unmetWh: z.number(),
    /** EVs that found no free charge point. */
    turnedAway: z.number().int(),
    /** Steps in which any limit was exceeded (the engine's invariant: 0). */
    limitViolations: z.number().int(),
    /** Highest load on the main connection per phase over the run (A). */
    peakMainConnectionA: z.object({ l1: z.number(), l2: z.number(), l3: z.number() }).strict(),
  })
  .strict();
export type WhatIfPoint = z.infer<typeof WhatIfPoint>;

export const LoadSimulateOutput = z
  .object({
    siteId: SiteId,
    chunk: z.number().int(),
    chunks: z.number().int(),
    /** Share of the whole what-if done after this chunk, 0..1. */
    progress: z.number(),
    hours: z.number(),
    mainConnectionA: z.object({ l1: z.number(), l2: z.number(), l3: z.number() }).strict(),
    point: WhatIfPoint,
  })
  .strict();
export type LoadSimulateOutput = z.infer<typeof LoadSimulateOutput>;

/** Per charge point and hour of day: expected arrivals (workplace + home mix, evening peak). */
const ARRIVALS_PER_CP_HOUR = [
  0.01, 0, 0, 0, 0, 0.01, 0.03, 0.06, 0.08, 0.06, 0.04, 0.04, 0.05, 0.04, 0.04, 0.05, 0.07, 0.1, 0.09, 0.07,
  0.04, 0.03, 0.02, 0.01,
];

/** The household (non-EV) load per hour of day and grid phase, averaged over hour aggregates, if any. */
export function householdProfile(
  hours: readonly LoadBucketItem[],
  meterSeesEvs: boolean,
): PhaseVector[] | undefined {
  const sums = Array.from({ length: 24 }, () => ({ l: [0, 0, 0], n: 0 }));
  for (const h of hours) {
    const meterN = Number(h[A.meterN] ?? 0);
    const hour = typeof h.hour === 'string' ? Number(h.hour.slice(11, 13)) : NaN;
    if (meterN <= 0 || !(hour >= 0 && hour < 24)) continue;
    const drawnN = Number(h[A.drawnN] ?? 0);
    const slot = sums[hour]!;
    A.meterSum.forEach((name, p) => {
      const meter = Number(h[name] ?? 0) / meterN;
      const evs = meterSeesEvs && drawnN > 0 ? Number(h[A.drawnSum[p]!] ?? 0) / drawnN : 0;
      slot.l[p]! += Math.max(0, meter - evs);
    });
    slot.n++;
  }
  if (sums.every((s) => s.n === 0)) return undefined;
  return sums.map((s) => (s.n === 0 ? [0, 0, 0] : (s.l.map((v) => v / s.n) as PhaseVector)));
}

/** The site as a simulation scenario with `added` copies of its first charge point. */
export function whatIfScenario(
  site: Site,
  added: number,
  household: Readonly<Record<string, PhaseVector[]>> = {},
): SimulationScenario {
  const input = allocationInputOf(site);
  const template = input.dlmNetworks.flatMap((n) => n.supplyLines.flatMap((l) => l.chargePoints))[0];
  if (template === undefined) throw new SimulationOptionsError('the site has no charge point to copy');
  const lines = input.dlmNetworks.flatMap((n) => n.supplyLines.map((l) => `${n.id}\u0000${l.id}`));
  const extra = new Map<string, (typeof template)[]>();
  for (let k = 0; k < added; k++) {
    const line = lines[k % lines.length]!;
    extra.set(line, [
      ...(extra.get(line) ?? []),
      {
        ...template,
        ev: undefined,
        id: `${template.id}+${k + 1}`,
        phaseRotation: PHASE_ROTATIONS[(k + 1) % PHASE_ROTATIONS.length] ?? template.phaseRotation,
      },
    ]);
  }
  const chargePoints = input.dlmNetworks.reduce(
    (sum, n) => sum + n.supplyLines.reduce((s, l) => s + l.chargePoints.length, 0),
    added,
  );
  return SimulationScenarioSchema.parse({
    name: `${site.id} +${added}`,
    siteId: site.id,
    mainConnectionLimit: input.mainConnectionLimit,
    dlmNetworks: input.dlmNetworks.map((n) => {
      const { externalMeter, ...network } = n;
      const meter =
        externalMeter.location === 'off'
          ? { location: 'off' as const }
          : (({ connected: _c, samples: _s, ...m }) => m)(externalMeter);
      const householdLoad = household[n.id];
      return {
        ...network,
        externalMeter: meter,
        ...(householdLoad && meter.location !== 'off' && { householdLoad }),
        supplyLines: n.supplyLines.map((l) => ({
          ...l,
          chargePoints: [...l.chargePoints, ...(extra.get(`${n.id}\u0000${l.id}`) ?? [])].map(
            ({ ev: _ev, ...cp }) => cp,
          ),
        })),
      };
    }),
    evArrivals: {
      kind: 'generated',
      arrivalsPerHour: ARRIVALS_PER_CP_HOUR.map((a) => a * chargePoints),
      evMix: [
        { phases: 1, maxCurrentA: 16, share: 0.15 },
        { phases: 1, maxCurrentA: 32, share: 0.1 },
        { phases: 2, maxCurrentA: 16, share: 0.05 },
        { phases: 3, maxCurrentA: 16, share: 0.55 },
        { phases: 3, maxCurrentA: 32, share: 0.15 },
      ],
      energyNeedWh: { min: 6000, max: 30000 },
      dwellHours: { min: 2, max: 10 },
    },
    sampleRateS: Math.max(WHAT_IF_LIMITS.minSampleRateS, sampleRateOf(site)),
    seed: 1,
  });
}

/** §7 'DLM Algorithm Sample Rate' of the site's first DLM master, 30 s without one. */
const sampleRateOf = (site: Site): number =>
  siteDlmNetworks(site)
    .map((n) => n.masterConfig.dlmSampleRate)
    .find((s): s is number => typeof s === 'number') ?? 30;

const chargePointCount = (s: SimulationScenario) =>
  s.dlmNetworks.reduce((sum, n) => sum + n.supplyLines.reduce((x, l) => x + l.chargePoints.length, 0), 0);

/** One chunk of the what-if: the site with `added` more charge points, simulated over 24 h. */
export function whatIfPoint(
  scenario: SimulationScenario,
  added: number,
  onProgress?: (fraction: number) => void,
): WhatIfPoint {
  const chargePoints = chargePointCount(scenario);
  const steps = (WHAT_IF_LIMITS.hours * 3600) / scenario.sampleRateS;
  if (chargePoints * steps > WHAT_IF_LIMITS.maxWork)
    throw new SimulationOptionsError(
      `${chargePoints} charge points over ${steps} steps exceed the what-if's bound of ${WHAT_IF_LIMITS.maxWork}`,
    );
  const report = simulate(scenario, { hours: WHAT_IF_LIMITS.hours, ...(onProgress && { onProgress }) });
  const { shareOfDemandMet, deliveredWh, unmetWh, turnedAway } = report.totals;
  const main = report.limits.find((p) => p.kind === 'mainConnection');
  return {
    addedChargePoints: added,
    chargePoints,
    shareOfDemandMet,
    deliveredWh,
    unmetWh,
    turnedAway,
    limitViolations: report.limitViolations,
    peakMainConnectionA: {
      l1: main?.peakA[0] ?? 0,
      l2: main?.peakA[1] ?? 0,
      l3: main?.peakA[2] ?? 0,
    },
  };
}
