import { describe, expect, it } from 'vitest';
import { SimulationScenario } from './scenario';
import { simulate } from './simulate';
import { all3, anArrival, aScenario, chargePoints, HOUR } from './testing/builders';

describe('simulate', () => {
  it('delivers the whole need of one EV on a generous line, tapering near full', () => {
    const report = simulate(aScenario({ arrivals: [anArrival({ energyNeedWh: 11_000 })] }), { hours: 8 });
    const [ev] = report.evs;
    expect(ev?.deliveredWh).toBeCloseTo(11_000, 6);
    expect(ev?.unmetWh).toBeCloseTo(0, 6);
    expect(report.totals.shareOfDemandMet).toBeCloseTo(1, 9);
    expect(report.limitViolations).toBe(0);
  });

  it('leaves demand unmet when the line is undersized, without breaking it', () => {
    const arrivals = [1, 2, 3].map((i) =>
      anArrival({ id: `ev-${i}`, maxCurrentA: 32, energyNeedWh: 40_000, departure: 2 * HOUR }),
    );
    const report = simulate(aScenario({ lineA: 20, chargePoints: chargePoints(3), arrivals }), { hours: 2 });
    expect(report.totals.unmetWh).toBeGreaterThan(0);
    expect(report.limitViolations).toBe(0);
    const line = report.limits.find((l) => l.kind === 'supplyLine');
    expect(Math.max(...(line?.peakA ?? []))).toBeLessThanOrEqual(20);
    // FIFO: three EVs at 6 A would need 18 A, so all three charge, sharing 20 A.
    for (const ev of report.evs) expect(ev.deliveredWh).toBeGreaterThan(0);
  });

  it('queues EVs when no charge point is free and turns away those that leave waiting', () => {
    const arrivals = [
      anArrival({ id: 'first', departure: 1 * HOUR }),
      anArrival({ id: 'waits', time: 60, departure: 3 * HOUR }),
      anArrival({ id: 'gives-up', time: 120, departure: 2 * HOUR }),
    ];
    const report = simulate(aScenario({ chargePoints: chargePoints(1), arrivals }), { hours: 4 });
    const byId = new Map(report.evs.map((e) => [e.id, e]));
    expect(byId.get('waits')?.chargePointId).toBe('cp-1');
    expect(byId.get('waits')?.waitedS).toBe(HOUR - 60);
    expect(byId.get('gives-up')?.chargePointId).toBeNull();
    expect(byId.get('gives-up')?.deliveredWh).toBe(0);
    expect(report.totals).toMatchObject({ turnedAway: 1, maxWaiting: 2 });
  });

  it('counts a 1-phase EV on one grid phase, moved by the phase rotation (§3)', () => {
    const report = simulate(
      aScenario({
        chargePoints: chargePoints(1, { phaseRotation: 'STR' }),
        arrivals: [anArrival({ phases: 1, energyNeedWh: 50_000 })],
      }),
      { hours: 1 },
    );
    expect(report.limits.find((l) => l.kind === 'supplyLine')?.peakA).toEqual([0, 16, 0]);
  });

  it('holds the Main Distribution Limit against household load (§7.4.1 and §7.4.2)', () => {
    for (const location of ['excludingEvseSubDistribution', 'includingEvseSubDistribution'] as const) {
      const householdLoad = Array.from({ length: 24 }, (_, h) => all3(h < 1 ? 90 : 98));
      const report = simulate(
        aScenario({
          chargePoints: chargePoints(2),
          arrivals: [anArrival({ energyNeedWh: 50_000 }), anArrival({ energyNeedWh: 50_000 })],
          network: { externalMeter: { location, mainDistributionLimit: all3(100) }, householdLoad },
        }),
        { hours: 2 },
      );
      expect(report.limitViolations).toBe(0);
      const meter = report.limits.find((l) => l.kind === 'mainDistribution');
      // Hour 0: 10 A left → the first EV takes all 10 A, the second pauses (FIFO); hour 1: 2 A → both pause.
      expect(meter?.peakA).toEqual(all3(100));
      expect(report.evs[1]?.deliveredWh).toBe(0);
    }
  });

  it('holds §8 in what it offers; a 1-phase EV unbalances the drawn load only until its phases are detected', () => {
    const report = simulate(
      aScenario({
        chargePoints: chargePoints(1),
        arrivals: [anArrival({ phases: 1, maxCurrentA: 32, energyNeedWh: 50_000 })],
        network: { imbalancePrevention: { enabled: true, limit: 20 } },
      }),
      { hours: 1 },
    );
    expect(report.limitViolations).toBe(0);
    // First step: the engine assumes 3 phases (balanced offer), the EV draws 32 A on L1 (L1−L2, L1−L3).
    expect(report.drawnImbalanceExceedances).toBe(2);
    expect(report.imbalance[0]).toEqual({ dlmNetworkId: 'dlm-0', peakA: 32, limitA: 20 });
  });

  it('is deterministic for a seed and reports progress up to 1', () => {
    const scenario = aScenario({
      evArrivals: {
        kind: 'generated',
        arrivalsPerHour: Array.from({ length: 24 }, () => 2),
        evMix: [{ phases: 3, maxCurrentA: 16, share: 1 }],
        energyNeedWh: { min: 5_000, max: 20_000 },
        dwellHours: { min: 1, max: 3 },
      },
    });
    const progress: number[] = [];
    const first = simulate(scenario, { hours: 3, onProgress: (f) => progress.push(f) });
    expect(simulate(scenario, { hours: 3 })).toEqual(first);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(simulate({ ...scenario, seed: 99 }, { hours: 3 }).evs).not.toEqual(first.evs);
  });

  it('rejects a non-positive horizon', () => {
    expect(() => simulate(aScenario(), { hours: 0 })).toThrow(/hours must be > 0/);
  });
});

// Found by the random-scenario property: an 'including' meter reading that still holds the last period's
// draw of an EV that has just left. The engine keeps §8 by the reading it was given (0 violations); the
// gap only the true household load shows is counted as measurement lag.
describe('meter lag and §8 imbalance', () => {
  it('judges the engine on its meter reading and reports the lag apart', () => {
    const scenario = SimulationScenario.parse({
      name: 'test',
      siteId: 'site',
      mainConnectionLimit: [12, 12, 12],
      dlmNetworks: [
        {
          id: 'dlm-0',
          subDistributionLimit: [6, 6, 12],
          externalMeter: {
            location: 'includingEvseSubDistribution',
            mainDistributionLimit: [40, 40, 40],
            headroom: [0, 0, 0],
            fallback: [9999, 9999, 9999],
          },
          imbalancePrevention: { enabled: true, limit: 6 },
          supplyLines: [
            {
              id: 'line-0',
              limit: [6, 6, 12],
              chargePoints: [
                { id: 'cp-1', connection: 'singlePhase', phaseRotation: 'TRS', ratedCurrent: 16 },
                { id: 'cp-2', connection: 'threePhase', phaseRotation: 'RST', ratedCurrent: 16 },
              ],
            },
          ],
          householdLoad: [
            [29, 79, 0],
            [1, 1, 0],
            [0, 0, 0],
            [0, 0, 0],
            [0, 0, 0],
            [0, 0, 0],
            [0, 0, 0],
            [0, 0, 0],
            [0, 0, 0],
            [0, 0, 0],
            [0, 0, 0],
            [0, 0, 0],
            [0, 0, 0],
            [0, 0, 0],
            [0, 0, 0],
            [0, 0, 0],
            [0, 0, 0],
            [0, 0, 0],
            [0, 0, 0],
            [0, 0, 0],
            [0, 0, 0],
            [0, 0, 0],
            [0, 0, 0],
            [0, 0, 0],
          ],
        },
      ],
      evArrivals: {
        kind: 'list',
        arrivals: [
          { time: 7, phases: 1, maxCurrentA: 16, energyNeedWh: 500, departure: 3631 },
          { time: 0, phases: 1, maxCurrentA: 16, energyNeedWh: 2201, departure: 3601 },
        ],
      },
      sampleRateS: 30,
      voltageV: 230,
      seed: 1,
    });
    const report = simulate(scenario, { hours: 1.02 });
    expect(report.limitViolations).toBe(0);
    expect(report.meterLagImbalanceExceedances).toBeGreaterThan(0);
  });
});
