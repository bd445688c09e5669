// The exact path's routes and size bound: per DLM network when the site's rows hold, else one LP for
// the site up to EXACT_MAX_TABLEAU, else the feasible water-fill with refill rounds.
import { describe, expect, it } from 'vitest';
import { admitFifo } from './admission';
import { allocate } from './allocate';
import { exactFairShare } from './exact-share';
import { decoupledExactShare, fairShare } from './fair-share';
import { buildProblem } from './problem';
import { generateSite } from './testing/generate';
import { violations } from './testing/invariants';

describe('exact fair share where an imbalance pair binds', () => {
  it('takes the per-network route, the site LP or the bounded fallback as stated, and stays feasible', () => {
    const n = 4_000;
    const cases = [
      // site LP within the bound, per-network route not valid (site rows bind), and the reverse:
      { n: 1_000, main: 4, decoupled: false, siteLp: true },
      { n, main: undefined, decoupled: true, siteLp: false },
      // too large for one LP and the site's rows bind: the fallback.
      { n, main: 4, decoupled: false, siteLp: false },
    ];
    for (const c of cases) {
      const input = generateSite(9_000_000 + c.n, { chargePoints: c.n, imbalance: true });
      if (c.main !== undefined) input.mainConnectionLimit = [c.main * c.n, c.main * c.n, c.main * c.n];
      const problem = buildProblem(input);
      const { admitted, support } = admitFifo(problem);
      const fair = fairShare(problem, admitted, support);
      expect(fair.pairBound).toBe(true);
      expect({
        ...c,
        decoupled: decoupledExactShare(problem, admitted, support) !== undefined,
        siteLp: exactFairShare(problem, admitted, fair) !== undefined,
      }).toEqual(c);
      const result = allocate(input);
      expect(violations(input, result)).toEqual([]);
      for (const cp of result.chargePoints)
        if (cp.current > 0) expect(Math.abs(cp.current - cp.fairShare)).toBeLessThan(1);
    }
  }, 120_000);
});
