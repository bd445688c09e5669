// Invariants over random sites and arrivals: the simulated site never breaks a limit and no EV
// gets more energy than it needs.
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { simulate } from './simulate';
import type { ArrivalDraft, ChargePointDraft } from './testing/builders';
import { all3, aScenario, HOUR } from './testing/builders';

const phases = fc.tuple(
  fc.integer({ min: 0, max: 80 }),
  fc.integer({ min: 0, max: 80 }),
  fc.integer({ min: 0, max: 80 }),
);

const chargePoint = (id: string): fc.Arbitrary<ChargePointDraft> =>
  fc.record({
    id: fc.constant(id),
    ratedCurrent: fc.constantFrom(16, 32),
    connection: fc.constantFrom('threePhase' as const, 'singlePhase' as const),
    phaseRotation: fc.constantFrom('RST' as const, 'STR' as const, 'TRS' as const),
  });

const arrival: fc.Arbitrary<ArrivalDraft> = fc
  .record({
    time: fc.integer({ min: 0, max: 2 * HOUR }),
    phases: fc.constantFrom<1 | 2 | 3>(1, 2, 3),
    maxCurrentA: fc.constantFrom(16, 32),
    energyNeedWh: fc.integer({ min: 500, max: 40_000 }),
    dwellS: fc.integer({ min: 60, max: 3 * HOUR }),
  })
  .map(({ dwellS, ...a }) => ({ ...a, departure: a.time + dwellS }));

const meter = fc.oneof(
  fc.constant({}),
  fc.record({
    externalMeter: fc.record({
      location: fc.constantFrom(
        'excludingEvseSubDistribution' as const,
        'includingEvseSubDistribution' as const,
      ),
      mainDistributionLimit: phases.map(([a, b, c]) => [a + 40, b + 40, c + 40] as [number, number, number]),
    }),
    householdLoad: fc.array(phases, { minLength: 24, maxLength: 24 }),
  }),
);

const scenario = fc
  .record({
    cpCount: fc.integer({ min: 1, max: 5 }),
    lineLimit: phases,
    subDistributionLimit: phases,
    main: fc.integer({ min: 0, max: 120 }),
    imbalance: fc.option(fc.integer({ min: 6, max: 30 }), { nil: undefined }),
    meter,
    arrivals: fc.array(arrival, { maxLength: 8 }),
    sampleRateS: fc.constantFrom(30, 120, 300),
  })
  .chain((s) =>
    fc.tuple(...Array.from({ length: s.cpCount }, (_, i) => chargePoint(`cp-${i + 1}`))).map((cps) =>
      aScenario({
        chargePoints: cps,
        arrivals: s.arrivals,
        mainConnectionLimit: all3(s.main),
        sampleRateS: s.sampleRateS,
        network: {
          subDistributionLimit: s.subDistributionLimit,
          supplyLines: [{ id: 'line-0', limit: s.lineLimit, chargePoints: cps }],
          ...(s.imbalance === undefined
            ? {}
            : { imbalancePrevention: { enabled: true, limit: s.imbalance } }),
          ...s.meter,
        },
      }),
    ),
  );

test.prop([scenario], { numRuns: Number(process.env.AMPFLEET_PROP_RUNS ?? 40) })(
  'random sites never break a limit; delivered ≤ need',
  (site) => {
    const report = simulate(site, { hours: 3 });
    expect(report.violationExamples).toEqual([]);
    expect(report.limitViolations).toBe(0);
    for (const ev of report.evs) {
      expect(ev.deliveredWh).toBeGreaterThanOrEqual(0);
      expect(ev.deliveredWh).toBeLessThanOrEqual(ev.energyNeedWh + 1e-6);
    }
    expect(report.totals.shareOfDemandMet).toBeLessThanOrEqual(1 + 1e-9);
  },
);
