import { describe, expect, it } from 'vitest';
import { guaranteedMinimumKw, simultaneityFactor } from './dimming';

// §14a EnWG (BK6-22-300 Anlage 1 Nr. 4.5): P_min,14a = 4.2 kW + (n − 1) × GZF(n) × 4.2 kW for n charge
// points under one energy management system, GZF from the ruling's table (0.80 … 0.50 for n = 2…8,
// 0.45 from n = 9). The figures are worked out by hand here, not by the formula under test.

describe('§14a guaranteed minimum', () => {
  it.each([
    [0, 0],
    [1, 4.2], // one device: 4.2 kW
    [2, 7.56], // 4.2 + 1 × 0.80 × 4.2 = 4.2 + 3.36
    [5, 15.12], // 4.2 + 4 × 0.65 × 4.2 = 4.2 + 10.92
    [9, 19.32], // 4.2 + 8 × 0.45 × 4.2 = 4.2 + 15.12
    [20, 40.11], // 4.2 + 19 × 0.45 × 4.2 = 4.2 + 35.91
  ])('n = %i devices → %f kW', (n, kw) => {
    expect(guaranteedMinimumKw(n)).toBe(kw);
  });

  it('the simultaneity factors of the ruling’s table', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100].map(simultaneityFactor)).toEqual([
      1, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5, 0.45, 0.45, 0.45,
    ]);
  });

  it('never decreases with another device', () => {
    for (let n = 1; n < 60; n++) expect(guaranteedMinimumKw(n + 1)).toBeGreaterThan(guaranteedMinimumKw(n));
  });
});
