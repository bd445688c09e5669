// The exact path's simplex against HiGHS on random bounded LPs, including warm re-solves after
// fixing variables and dropping rows (as max-min programming does).
import loadHighs from 'highs';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random/index';
import { Simplex } from './simplex';

interface Lp {
  m: number;
  n: number;
  a: Float64Array;
  b: Float64Array;
  c: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  dropped: Set<number>;
}

function lpText(lp: Lp): string {
  const term = (v: number, j: number): string => `${v >= 0 ? '+' : '-'} ${Math.abs(v)} x${j}`;
  const rows: string[] = [];
  for (let i = 0; i < lp.m; i++)
    if (!lp.dropped.has(i))
      rows.push(
        ` r${i}: ${Array.from({ length: lp.n }, (_, j) => term(lp.a[i * lp.n + j] ?? 0, j)).join(' ')} <= ${lp.b[i]}`,
      );
  const bound = (j: number): string => {
    const u = lp.upper[j] ?? Infinity;
    return u === Infinity ? ` x${j} >= ${lp.lower[j]}` : ` ${lp.lower[j]} <= x${j} <= ${u}`;
  };
  return [
    'Maximize',
    ` obj: ${Array.from(lp.c, term).join(' ')}`,
    'Subject To',
    ...(rows.length > 0 ? rows : [' r: x0 >= -1000000']),
    'Bounds',
    ...Array.from({ length: lp.n }, (_, j) => bound(j)),
    'End',
  ].join('\n');
}

describe('Simplex (bounded-variable, warm re-solves)', () => {
  it('matches HiGHS on random LPs, before and after fixing a variable and dropping a row', async () => {
    const highs = await loadHighs();
    const random = mulberry32(20261124);
    let compared = 0;
    for (let trial = 0; trial < 300; trial++) {
      const m = 2 + Math.floor(random() * 8);
      const n = 2 + Math.floor(random() * 8);
      const lp: Lp = {
        m,
        n,
        a: Float64Array.from({ length: m * n }, () => (random() < 0.5 ? 0 : Math.floor(random() * 7) - 2)),
        b: Float64Array.from({ length: m }, () => Math.floor(random() * 10)),
        c: Float64Array.from({ length: n }, () => Math.floor(random() * 5) - 1),
        lower: new Float64Array(n),
        upper: Float64Array.from({ length: n }, () => (random() < 0.3 ? Infinity : Math.floor(random() * 6))),
        dropped: new Set(),
      };
      const simplex = new Simplex(lp.a, lp.b, lp.c, lp.lower, lp.upper, m, n);
      for (let step = 0; step < 2; step++) {
        const reference = highs.solve(lpText(lp), { output_flag: false }) as unknown as {
          Status: string;
          ObjectiveValue: number;
        };
        let objective = NaN;
        try {
          simplex.solve();
          objective = Array.from(lp.c).reduce((s, cj, j) => s + cj * simplex.value(j), 0);
        } catch {
          // unbounded: compared below
        }
        if (reference.Status !== 'Optimal') {
          expect({ trial, step, objective }).toEqual({ trial, step, objective: NaN });
          break;
        }
        expect(Math.abs(objective - reference.ObjectiveValue)).toBeLessThan(1e-6);
        for (let i = 0; i < m; i++) {
          if (lp.dropped.has(i)) continue;
          const load = Array.from({ length: n }, (_, j) => (lp.a[i * n + j] ?? 0) * simplex.value(j));
          expect(load.reduce((s, v) => s + v, 0)).toBeLessThanOrEqual((lp.b[i] ?? 0) + 1e-7);
          expect(simplex.dual(i)).toBeGreaterThanOrEqual(-1e-9);
        }
        compared++;
        // Warm re-solve: fix x0 where it is, drop row 0.
        simplex.fix(0);
        lp.lower[0] = simplex.value(0);
        lp.upper[0] = simplex.value(0);
        simplex.dropRow(0);
        lp.dropped.add(0);
      }
    }
    expect(compared).toBeGreaterThan(200);
  });
});
