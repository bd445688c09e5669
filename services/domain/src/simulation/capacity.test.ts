import { describe, expect, it } from 'vitest';
import { capacityCurve, withChargePoints } from './capacity';
import type { SimulationScenario } from './scenario';
import { aScenario, chargePoints } from './testing/builders';

/** A busy car park: 3 EVs an hour, 3-phase 16 A, 10–30 kWh, staying 1–3 h. */
const busy = (lineA: number): SimulationScenario =>
  aScenario({
    lineA,
    chargePoints: chargePoints(1),
    evArrivals: {
      kind: 'generated',
      arrivalsPerHour: Array.from({ length: 24 }, () => 3),
      evMix: [{ phases: 3, maxCurrentA: 16, share: 1 }],
      energyNeedWh: { min: 10_000, max: 30_000 },
      dwellHours: { min: 1, max: 3 },
    },
    sampleRateS: 60,
    seed: 7,
  });

describe('capacityCurve: how many charge points can this connection carry', () => {
  it('copies the charge point type with distinct ids and rotating phases', () => {
    const cps = withChargePoints(busy(100), 4).dlmNetworks[0]?.supplyLines[0]?.chargePoints ?? [];
    expect(cps.map((c) => c.id)).toEqual(['cp-1-copy-1', 'cp-1-copy-2', 'cp-1-copy-3', 'cp-1-copy-4']);
    expect(cps.map((c) => c.phaseRotation)).toEqual(['RST', 'STR', 'TRS', 'RST']);
  });

  it('never meets more than 100 % of demand, and never breaks a limit, however many charge points', () => {
    const curve = capacityCurve(busy(50), { maxChargePoints: 6, hours: 6 });
    expect(curve.map((c) => c.chargePoints)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const point of curve) {
      expect(point.shareOfDemandMet).toBeGreaterThanOrEqual(0);
      expect(point.shareOfDemandMet).toBeLessThanOrEqual(1);
      expect(point.limitViolations).toBe(0);
    }
    // One charge point turns EVs away; more charge points serve more of the same demand.
    expect(curve[0]?.turnedAway).toBeGreaterThan(0);
    expect(curve.at(-1)?.shareOfDemandMet).toBeGreaterThan(curve[0]?.shareOfDemandMet ?? 1);
  });

  it('shows unmet demand when the line is undersized for the charge points', () => {
    const generous = capacityCurve(busy(200), { maxChargePoints: 6, hours: 6 }).at(-1);
    const undersized = capacityCurve(busy(16), { maxChargePoints: 6, hours: 6 }).at(-1);
    expect(undersized?.unmetWh).toBeGreaterThan(generous?.unmetWh ?? Infinity);
    expect(undersized?.shareOfDemandMet).toBeLessThan(generous?.shareOfDemandMet ?? 0);
    expect(undersized?.limitViolations).toBe(0);
  });

  it('reports progress over the whole curve', () => {
    const seen: number[] = [];
    capacityCurve(busy(50), { maxChargePoints: 2, hours: 1, onProgress: (f) => seen.push(f) });
    expect(seen.at(-1)).toBe(1);
    expect(seen.some((f) => f > 0.4 && f < 0.6)).toBe(true);
  });

  it('rejects a curve of no charge points', () => {
    expect(() => capacityCurve(busy(50), { maxChargePoints: 0, hours: 1 })).toThrow(/maxChargePoints/);
  });
});
