// fast-check arbitraries for whole sites (tests only; fast-check is a dev dependency).
import fc from 'fast-check';
import type { AllocationInput, AllocationInputDraft } from '../schema';
import { parseAllocationInput } from '../schema';
import type { ChargerDraft, LineDraft, NetworkDraft } from './builders';

type Phases = [number, number, number];
const phases = (max: number): fc.Arbitrary<Phases> =>
  fc.oneof(
    fc.integer({ min: 0, max }).map((a): Phases => [a, a, a]),
    fc.tuple(fc.integer({ min: 0, max }), fc.integer({ min: 0, max }), fc.integer({ min: 0, max })),
  );

const ev = fc.record(
  {
    state: fc.constantFrom('none', 'ready', 'charging', 'charging', 'charging', 'suspendedEv', 'finished'),
    phasesInUse: fc.constantFrom<1 | 2 | 3 | 'unknown'>(1, 2, 3, 'unknown'),
    minCurrent: fc.constantFrom(6, 6, 6, 8, 10),
    maxCurrent: fc.constantFrom(16, 32, 13, 20),
    measuredCurrent: fc.tuple(fc.constantFrom(0, 5, 16), fc.constantFrom(0, 5, 16), fc.constantFrom(0, 16)),
    offeredCurrent: fc.constantFrom(6, 16, 32),
    pluggedInAt: fc.integer({ min: 0, max: 50 }),
  },
  { requiredKeys: ['state', 'pluggedInAt'] },
);

const charger: fc.Arbitrary<Omit<ChargerDraft, 'id'>> = fc.record(
  {
    connection: fc.constantFrom('threePhase', 'threePhase', 'singlePhase'),
    phaseRotation: fc.constantFrom('RST', 'STR', 'TRS'),
    ratedCurrent: fc.constantFrom(16, 32, 32, 5),
    cableCurrent: fc.constantFrom(20, 32),
    ev,
  },
  { requiredKeys: ['ratedCurrent', 'ev'] },
);

/** A node's cloud imbalance limit (imbalanceLimitA), only when imbalance is asked for. */
const nodeImbalance = (options: SiteOptions): fc.Arbitrary<number | undefined> =>
  options.imbalance === true
    ? fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined, freq: 2 })
    : fc.constant(undefined);

const line = (options: SiteOptions) =>
  fc.record({
    limit: phases(120),
    imbalanceLimitA: nodeImbalance(options),
    chargePoints: fc.array(charger, { maxLength: 6 }),
  });

const meter = fc.oneof(
  fc.constant({ location: 'off' as const }),
  fc.record({
    location: fc.constantFrom(
      'excludingEvseSubDistribution' as const,
      'includingEvseSubDistribution' as const,
    ),
    mainDistributionLimit: phases(200),
    headroom: phases(10),
    fallback: fc.constantFrom<Phases>([0, 0, 0], [9999, 9999, 9999], [50, 20, 80]),
    connected: fc.boolean(),
    samples: fc.array(
      fc.tuple(
        fc.double({ min: 0, max: 150, noNaN: true }),
        fc.integer({ min: 0, max: 150 }),
        fc.integer({ min: 0, max: 150 }),
      ),
      { maxLength: 3 },
    ),
  }),
);

export interface SiteOptions {
  readonly imbalance?: boolean;
}

const network = (options: SiteOptions) =>
  fc.record(
    {
      subDistributionLimit: phases(250),
      operatorLimit: phases(250),
      downgrade: fc.record({ active: fc.boolean(), offset: phases(40) }),
      externalMeter: meter,
      imbalancePrevention: fc.record({
        enabled: fc.constant(options.imbalance ?? false),
        limit: fc.integer({ min: 0, max: 30 }),
      }),
      imbalanceLimitA: nodeImbalance(options),
      supplyLines: fc.array(line(options), { minLength: 1, maxLength: 4 }),
    },
    { requiredKeys: ['subDistributionLimit', 'supplyLines'] },
  );

/** Random sites with unique ids; imbalance prevention only when asked for. */
export function aRandomSite(options: SiteOptions = {}): fc.Arbitrary<AllocationInput> {
  return fc
    .record({
      mainConnectionLimit: phases(400),
      imbalanceLimitA: nodeImbalance(options),
      dlmNetworks: fc.array(network(options), { minLength: 1, maxLength: 3 }),
    })
    .map((site) => {
      let n = 0;
      const draft: AllocationInputDraft = {
        siteId: 'site',
        mainConnectionLimit: site.mainConnectionLimit,
        ...(site.imbalanceLimitA !== undefined && { imbalanceLimitA: site.imbalanceLimitA }),
        dlmNetworks: site.dlmNetworks.map(({ imbalanceLimitA, ...net }, i): NetworkDraft => ({
          ...net,
          ...(imbalanceLimitA !== undefined && { imbalanceLimitA }),
          id: `dlm${i}`,
          supplyLines: net.supplyLines.map(({ imbalanceLimitA: lineLimit, ...l }, j): LineDraft => ({
            ...l,
            ...(lineLimit !== undefined && { imbalanceLimitA: lineLimit }),
            id: `dlm${i}-line${j}`,
            chargePoints: l.chargePoints.map((c) => ({ ...c, id: `cp${n++}` })),
          })),
        })),
      };
      return parseAllocationInput(draft);
    });
}
