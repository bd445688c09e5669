import { describe, expect, it } from 'vitest';
import { useCase4 } from '../planning/templates';
import { siteDlmNetworks } from '../site/dlm-networks';
import { LOAD_HISTORY_CSV_HEADER, loadHistoryCsv } from './history-csv';
import { householdProfile, LoadSimulateInput, whatIfPoint, whatIfScenario } from './what-if';

// The what-if over a configured site: N added charge points, every limit held in every run; and the
// history CSV export, formula-safe.

const site = useCase4({
  option: 2,
  stations: ['AMEDIO Professional+'],
  mainA: 100,
  firmware: '4.61-6000-a1b2c3d4e',
});
const cps = siteDlmNetworks(site).flatMap((n) => n.members).length;

describe('what-if: more charge points', () => {
  it('adds N copies of the first charge point and holds every limit', () => {
    const base = whatIfPoint(whatIfScenario(site, 0), 0);
    const more = whatIfPoint(whatIfScenario(site, 6), 6);
    expect(base.chargePoints).toBe(cps);
    expect(more.chargePoints).toBe(cps + 6);
    for (const p of [base, more]) {
      expect(p.limitViolations).toBe(0);
      expect(p.shareOfDemandMet).toBeGreaterThanOrEqual(0);
      expect(p.shareOfDemandMet).toBeLessThanOrEqual(1);
      for (const phase of ['l1', 'l2', 'l3'] as const)
        expect(p.peakMainConnectionA[phase]).toBeLessThanOrEqual(100);
    }
    expect(more.deliveredWh + more.unmetWh).toBeGreaterThan(base.deliveredWh + base.unmetWh); // more EVs came
  });

  it('refuses a chunk beyond N and N beyond the bound, naming the field', () => {
    const bad = LoadSimulateInput.safeParse({ siteId: 's', additionalChargePoints: 2, chunk: 3 });
    expect(bad.success || bad.error.issues[0]?.path).toEqual(['chunk']);
    const big = LoadSimulateInput.safeParse({ siteId: 's', additionalChargePoints: 51, chunk: 0 });
    expect(big.success || big.error.issues[0]?.path).toEqual(['additionalChargePoints']);
  });

  it('takes the household load per hour of day from hour aggregates, without the EVs a meter sees', () => {
    const profile = householdProfile(
      [{ hour: '2026-11-23T18', mN: 2, mS1: 80, mS2: 60, mS3: 40, dN: 2, dS1: 20, dS2: 0, dS3: 0 }],
      true,
    );
    expect(profile?.[18]).toEqual([30, 30, 20]);
    expect(profile?.[3]).toEqual([0, 0, 0]);
    expect(householdProfile([], true)).toBeUndefined();
  });
});

describe('history CSV', () => {
  it('one row per point and network, numbers as numbers, formula-like text defused', () => {
    const csv = loadHistoryCsv({
      siteId: 's',
      range: '1h',
      from: '2026-11-24T09:06:00.000Z',
      to: '2026-11-24T10:06:00.000Z',
      source: 'minute',
      resolutionS: 60,
      downsampled: false,
      maxPointsPerSeries: 1500,
      energyByDay: [],
      networks: [
        {
          networkId: '-1+1',
          points: [
            {
              t: '2026-11-24T10:00:00.000Z',
              minutes: 1,
              drawn: {
                l1: { min: 1, max: 2, avg: 1.5 },
                l2: { min: 0, max: 0, avg: 0 },
                l3: { min: 0, max: 0, avg: 0 },
              },
              limit: { l1: 63, l2: 63, l3: 63 },
            },
          ],
        },
      ],
    });
    const [header, row, end] = csv.split('\r\n');
    expect(header).toBe(LOAD_HISTORY_CSV_HEADER.join(','));
    expect(row).toBe("'-1+1,2026-11-24T10:00:00.000Z,1,1.5,1,2,0,0,0,0,0,0,,,,,63,63,63");
    expect(end).toBe('');
  });
});
