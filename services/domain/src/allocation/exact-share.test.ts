// The exact path's size bound: beyond it the engine keeps the feasible water-fill with refill rounds.
import { describe, expect, it } from 'vitest';
import { admitFifo } from './admission';
import { allocate } from './allocate';
import { exactFairShare } from './exact-share';
import { fairShare } from './fair-share';
import { buildProblem } from './problem';
import { generateSite } from './testing/generate';
import { violations } from './testing/invariants';

describe('exact fair share where an imbalance pair binds', () => {
  it('is computed for a 1,000-CP site, and gives way to the feasible fallback on a 4,000-CP site', () => {
    for (const [n, exact] of [
      [1_000, true],
      [4_000, false],
    ] as const) {
      const input = generateSite(9_000_000 + n, { chargePoints: n, imbalance: true });
      const problem = buildProblem(input);
      const admitted = admitFifo(problem).admitted;
      const fair = fairShare(problem, admitted);
      expect(fair.pairBound).toBe(true);
      expect({ n, exact: exactFairShare(problem, admitted, fair) !== undefined }).toEqual({ n, exact });
      const result = allocate(input);
      expect(violations(input, result)).toEqual([]);
      for (const c of result.chargePoints)
        if (c.current > 0) expect(Math.abs(c.current - c.fairShare)).toBeLessThan(1);
    }
  }, 120_000);
});
