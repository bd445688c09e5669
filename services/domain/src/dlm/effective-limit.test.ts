import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PhaseVector } from '../phases/index';
import { effectiveDlmLimit, meterPointReading, type MeterPoint } from './effective-limit';

const all = (a: number): PhaseVector => [a, a, a];
const aMeter = (overrides: Partial<MeterPoint> = {}): MeterPoint => ({
  location: 'excludingEvseSubDistribution',
  mainDistributionLimit: all(100),
  headroom: all(0),
  reading: all(0),
  evDraw: all(0),
  ...overrides,
});

describe('effective DLM limit (§7.1, §7.4, §9)', () => {
  it('the operator limit caps the sub-distribution limit per phase (§7.1)', () => {
    const r = effectiveDlmLimit({ subDistributionLimit: all(63), operatorLimit: [40, 70, 63] });
    expect(r.limit).toEqual([40, 63, 63]);
    expect(r.source).toEqual(['operator', 'subDistribution', 'subDistribution']);
  });

  it('excluding: Main Distribution − Headroom − reading; including: the EVs’ own draw is not external (§7.4)', () => {
    const excluding = aMeter({ headroom: all(5), reading: all(30), evDraw: all(20) });
    expect(effectiveDlmLimit({ subDistributionLimit: all(80), meter: excluding }).limit).toEqual(all(65));
    const including = { ...excluding, location: 'includingEvseSubDistribution' as const };
    const r = effectiveDlmLimit({ subDistributionLimit: all(80), meter: including });
    expect(r.limit).toEqual(all(80));
    expect(r.externalLoad).toEqual(all(10));
    expect(r.externalAvailable).toEqual(all(85));
  });

  it('a disconnected meter’s fallback replaces the reading (firmware help text)', () => {
    expect(meterPointReading(false, all(10), all(9999))).toEqual(all(9999));
    expect(meterPointReading(true, undefined, all(60))).toEqual(all(60));
    expect(meterPointReading(true, all(10), all(60))).toEqual(all(10));
  });

  it('the §9 downgrade offset lowers the sub-distribution limit by |offset|', () => {
    const r = effectiveDlmLimit({ subDistributionLimit: all(63), downgradeOffset: [-16, 16, 100] });
    expect(r.limit).toEqual([47, 47, 0]);
    expect(r.source).toEqual(['downgrade', 'downgrade', 'downgrade']);
  });

  it('is never above any of its inputs and never negative', () => {
    const a = fc.integer({ min: 0, max: 500 });
    const v = fc.tuple(a, a, a);
    fc.assert(
      fc.property(v, fc.option(v, { nil: undefined }), v, v, v, (sub, operator, main, headroom, reading) => {
        const meter = aMeter({ mainDistributionLimit: main, headroom, reading });
        const { limit } = effectiveDlmLimit({ subDistributionLimit: sub, operatorLimit: operator, meter });
        for (const p of [0, 1, 2] as const) {
          expect(limit[p]).toBeGreaterThanOrEqual(0);
          expect(limit[p]).toBeLessThanOrEqual(sub[p]);
          if (operator) expect(limit[p]).toBeLessThanOrEqual(operator[p]);
          expect(limit[p]).toBeLessThanOrEqual(Math.max(0, main[p] - headroom[p] - reading[p]));
        }
      }),
    );
  });
});
