import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dailyEnergy, daysBetween, energyDayChangeOf, type EnergyDayItem } from './energy-day';

// Day energy = register delta: the day items the ingest keeps (lastWh only forward, firstWh when
// created — modelled here exactly as the adapter's guarded update) give per-day energies that add up
// to the connector's last minus first register, never negative, the site = the sum of its charge points.

interface Reading {
  cp: string;
  connectorId: number;
  at: string;
  wh: number;
}

/** The adapter's update of a day item, as a pure fold (condition: lastWh ≤ the reading's). */
function apply(items: Map<string, EnergyDayItem>, r: Reading) {
  const change = energyDayChangeOf({
    v: 1,
    messageId: `${r.cp}-${r.at}`,
    chargePointId: r.cp,
    observedAt: r.at,
    type: 'meterValues',
    connectorId: r.connectorId,
    currentImport: { l1: 0, l2: 0, l3: 0 },
    currentOffered: { l1: 0, l2: 0, l3: 0 },
    energyImportWh: r.wh,
  })!;
  const key = `${change.day}#${change.chargePointId}#${change.connectorId}`;
  const stored = items.get(key);
  if (stored && stored.lastWh > change.registerWh) return; // guard failed: dropped
  items.set(key, {
    chargePointId: change.chargePointId,
    connectorId: change.connectorId,
    day: change.day,
    firstWh: stored?.firstWh ?? change.registerWh,
    lastWh: change.registerWh,
  });
}

const DAY0 = Date.parse('2026-11-01T00:00:00Z');
const seriesArb = fc
  .tuple(
    fc.constantFrom('CP-1', 'CP-2', 'CP-3'),
    fc.integer({ min: 1, max: 2 }),
    fc.nat(1_000_000),
    fc.array(fc.tuple(fc.integer({ min: 60, max: 20 * 3600 }), fc.nat(5000)), {
      minLength: 1,
      maxLength: 40,
    }),
  )
  .map(([cp, connectorId, start, steps]) => {
    let t = DAY0;
    let wh = start;
    return steps.map(([dt, dwh]) => {
      t += dt * 1000;
      wh += dwh;
      return { cp, connectorId, at: new Date(t).toISOString(), wh };
    });
  });

describe('energy per day', () => {
  it('sums to the register delta per connector, each day ≥ 0, site = its charge points', () => {
    fc.assert(
      fc.property(fc.array(seriesArb, { minLength: 1, maxLength: 4 }), (all) => {
        // One series per connector (the first of duplicates wins), readings in order per connector.
        const series = [...new Map(all.map((s) => [`${s[0]!.cp}#${s[0]!.connectorId}`, s])).values()];
        const items = new Map<string, EnergyDayItem>();
        for (const s of series) for (const r of s) apply(items, r);
        const last = series.flatMap((s) => s).reduce((a, r) => (r.at > a ? r.at : a), '');
        const days = daysBetween(new Date(DAY0).toISOString(), new Date(Date.parse(last) + 1).toISOString());
        const energy = dailyEnergy([...items.values()], days);
        for (const d of energy) {
          expect(d.siteWh).toBe(d.chargePoints.reduce((sum, cp) => sum + cp.wh, 0));
          for (const cp of d.chargePoints) expect(cp.wh).toBeGreaterThanOrEqual(0);
        }
        for (const s of series) {
          const total = energy
            .flatMap((d) => d.chargePoints)
            .filter((cp) => cp.chargePointId === s[0]!.cp)
            .reduce((sum, cp) => sum + cp.wh, 0);
          const sameCp = series.filter((x) => x[0]!.cp === s[0]!.cp);
          const delta = sameCp.reduce((sum, x) => sum + (x[x.length - 1]!.wh - x[0]!.wh), 0);
          expect(total).toBe(delta);
        }
      }),
    );
  });

  it('a late lower reading changes nothing; the previous day is the baseline across midnight', () => {
    const items = new Map<string, EnergyDayItem>();
    const r = (at: string, wh: number) => apply(items, { cp: 'CP-1', connectorId: 1, at, wh });
    r('2026-11-01T22:00:00Z', 1000);
    r('2026-11-01T23:50:00Z', 3000);
    r('2026-11-02T00:10:00Z', 3500); // 500 Wh across midnight, read on the 2nd
    r('2026-11-02T08:00:00Z', 9000);
    r('2026-11-02T07:00:00Z', 8000); // late and lower: dropped by the guard
    expect(dailyEnergy([...items.values()], ['2026-11-01', '2026-11-02'])).toEqual([
      { day: '2026-11-01', siteWh: 2000, chargePoints: [{ chargePointId: 'CP-1', wh: 2000 }] },
      { day: '2026-11-02', siteWh: 6000, chargePoints: [{ chargePointId: 'CP-1', wh: 6000 }] },
    ]);
  });
});
