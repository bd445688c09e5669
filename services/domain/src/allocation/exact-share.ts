// The exact lexicographic max-min fair share where a §8 imbalance pair binds: max-min programming
// over the admitted set — maximise the common level t of the unfrozen CPs under every node limit,
// imbalance pair and own max; freeze those that cannot exceed t (a positive dual on x ≥ t, or their
// max reached); repeat — each level solved by the pure-TS simplex (simplex.ts). CPs with the same
// limits, coefficients, min and max get the same share in the (unique) optimum, so they are one
// LP variable (a class). The whole site is one problem: DLM networks share the site's rows.
import type { FairShare } from './fair-share';
import { REASON_MAX, REASON_PAIR, REASON_ROW } from './fair-share';
import type { Problem } from './problem';
import { maximize } from './simplex';

const DUAL_TOL = 1e-9;
/** Slack for "this limit is full" when naming why a CP stopped rising [A]. */
const TIGHT = 1e-6;

interface Classes {
  readonly of: Int32Array;
  readonly count: number[];
  readonly first: number[];
}

function classesOf(problem: Problem, open: Uint8Array): Classes {
  const { start, ids, coefs, min, max } = problem.incidence;
  const byKey = new Map<string, number>();
  const of = new Int32Array(open.length).fill(-1);
  const count: number[] = [];
  const first: number[] = [];
  for (let i = 0; i < open.length; i++) {
    if (open[i] !== 1) continue;
    let key = `${min[i]}/${max[i]}`;
    for (let k = start[i] ?? 0; k < (start[i + 1] ?? 0); k++) key += `/${ids[k]}:${coefs[k]}`;
    let c = byKey.get(key);
    if (c === undefined) {
      c = count.length;
      byKey.set(key, c);
      count.push(0);
      first.push(i);
    }
    of[i] = c;
    count[c] = (count[c] ?? 0) + 1;
  }
  return { of, count, first };
}

/** Exact continuous lexicographic max-min share of the admitted CPs; reasons named per CP. */
export function exactFairShare(problem: Problem, admitted: Uint8Array, heuristic: FairShare): FairShare {
  const inc = problem.incidence;
  const n = inc.min.length;
  const share = new Float64Array(n);
  const open = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (admitted[i] !== 1) continue;
    if ((inc.max[i] ?? 0) <= (inc.min[i] ?? 0)) share[i] = inc.min[i] ?? 0;
    else open[i] = 1;
  }
  const classes = classesOf(problem, open);
  const nClasses = classes.count.length;
  const classValue = new Float64Array(nClasses).fill(NaN);
  // A feasible point to move from: every open CP at its min (admission), then the last LP optimum.
  const current = new Float64Array(nClasses);
  for (let c = 0; c < nClasses; c++) current[c] = inc.min[classes.first[c] ?? 0] ?? 0;
  const nLimits = inc.capacity.length;
  for (;;) {
    const unfrozen: number[] = [];
    for (let c = 0; c < nClasses; c++) if (Number.isNaN(classValue[c] ?? 0)) unfrozen.push(c);
    if (unfrozen.length === 0) break;
    // Remaining capacity of each limit at the current point (≥ 0 but for round-off).
    const rhs = Float64Array.from(inc.capacity);
    for (let i = 0; i < n; i++) {
      if (admitted[i] !== 1) continue;
      const c = classes.of[i] ?? -1;
      const v = c < 0 ? (share[i] ?? 0) : (current[c] ?? 0);
      for (let k = inc.start[i] ?? 0; k < (inc.start[i + 1] ?? 0); k++) {
        const id = inc.ids[k] ?? 0;
        rhs[id] = (rhs[id] ?? 0) - (inc.coefs[k] ?? 0) * v;
      }
    }
    // LP columns per unfrozen class: up 2j (x rises from the current point), down 2j+1; then t.
    // Rows: the limits those classes touch, then one level row t ≤ x per class.
    const col = new Int32Array(nClasses).fill(-1);
    unfrozen.forEach((c, j) => (col[c] = j));
    const nCols = 2 * unfrozen.length + 1;
    const tCol = nCols - 1;
    const rowOf = new Int32Array(nLimits).fill(-1);
    const limitRows: number[] = [];
    for (const c of unfrozen) {
      const i = classes.first[c] ?? 0;
      for (let k = inc.start[i] ?? 0; k < (inc.start[i + 1] ?? 0); k++) {
        const id = inc.ids[k] ?? 0;
        if (rowOf[id] !== -1) continue;
        rowOf[id] = limitRows.length;
        limitRows.push(id);
      }
    }
    const m = limitRows.length + unfrozen.length;
    const a = new Float64Array(m * nCols);
    const b = new Float64Array(m);
    limitRows.forEach((id, r) => (b[r] = Math.max(0, rhs[id] ?? 0)));
    const upper = new Float64Array(nCols);
    unfrozen.forEach((c, j) => {
      const i = classes.first[c] ?? 0;
      const count = classes.count[c] ?? 1;
      for (let k = inc.start[i] ?? 0; k < (inc.start[i + 1] ?? 0); k++) {
        const r = rowOf[inc.ids[k] ?? 0] ?? 0;
        const v = count * (inc.coefs[k] ?? 0);
        a[r * nCols + 2 * j] = (a[r * nCols + 2 * j] ?? 0) + v;
        a[r * nCols + 2 * j + 1] = (a[r * nCols + 2 * j + 1] ?? 0) - v;
      }
      const x = current[c] ?? 0;
      upper[2 * j] = Math.max(0, (inc.max[i] ?? 0) - x);
      upper[2 * j + 1] = Math.max(0, x - (inc.min[i] ?? 0));
      const level = limitRows.length + j;
      a[level * nCols + 2 * j] = -1;
      a[level * nCols + 2 * j + 1] = 1;
      a[level * nCols + tCol] = 1;
      b[level] = x;
    });
    upper[tCol] = Infinity;
    const objective = new Float64Array(nCols);
    objective[tCol] = 1;
    const solution = maximize(a, b, objective, upper, m, nCols);
    const t = solution.objective;
    unfrozen.forEach((c, j) => {
      const i = classes.first[c] ?? 0;
      const x = (current[c] ?? 0) + (solution.x[2 * j] ?? 0) - (solution.x[2 * j + 1] ?? 0);
      current[c] = Math.min(inc.max[i] ?? 0, Math.max(inc.min[i] ?? 0, x));
    });
    let frozen = 0;
    const freeze = (c: number): void => {
      const i = classes.first[c] ?? 0;
      classValue[c] = Math.min(inc.max[i] ?? 0, Math.max(t, inc.min[i] ?? 0));
      current[c] = classValue[c] ?? 0;
      frozen++;
    };
    unfrozen.forEach((c, j) => {
      const i = classes.first[c] ?? 0;
      if ((solution.dual[limitRows.length + j] ?? 0) > DUAL_TOL || (inc.max[i] ?? 0) <= t + 1e-9) freeze(c);
    });
    // The level rows' duals sum to 1, so someone is frozen; guard against round-off all the same.
    if (frozen === 0) for (const c of unfrozen) if ((current[c] ?? 0) <= t + 1e-7) freeze(c);
    if (frozen === 0) for (const c of unfrozen) freeze(c);
  }
  for (let i = 0; i < n; i++) {
    const c = classes.of[i] ?? -1;
    if (c >= 0) share[i] = classValue[c] ?? 0;
  }
  return { share, ...reasons(problem, admitted, share, heuristic), pairBound: true };
}

/** Why each CP stopped: its max, else a full limit it loads (the water-fill's if still full). */
function reasons(
  problem: Problem,
  admitted: Uint8Array,
  share: Float64Array,
  heuristic: FairShare,
): { reasonKind: Uint8Array; reasonRef: Int32Array } {
  const inc = problem.incidence;
  const nRows = problem.rows.length;
  const load = new Float64Array(inc.capacity.length);
  for (let i = 0; i < share.length; i++)
    for (let k = inc.start[i] ?? 0; k < (inc.start[i + 1] ?? 0); k++) {
      const id = inc.ids[k] ?? 0;
      load[id] = (load[id] ?? 0) + (inc.coefs[k] ?? 0) * (share[i] ?? 0);
    }
  const full = (id: number): boolean => (load[id] ?? 0) >= (inc.capacity[id] ?? 0) - TIGHT;
  const reasonKind = heuristic.reasonKind.slice();
  const reasonRef = heuristic.reasonRef.slice();
  for (let i = 0; i < share.length; i++) {
    if (admitted[i] !== 1) continue;
    if ((share[i] ?? 0) >= (inc.max[i] ?? 0) - TIGHT) {
      reasonKind[i] = REASON_MAX;
      reasonRef[i] = -1;
      continue;
    }
    const kind = reasonKind[i];
    const previous =
      kind === REASON_ROW ? (reasonRef[i] ?? 0) : kind === REASON_PAIR ? nRows + (reasonRef[i] ?? 0) : -1;
    if (previous >= 0 && full(previous)) continue;
    let found = -1;
    for (let k = inc.start[i] ?? 0; k < (inc.start[i + 1] ?? 0) && found < 0; k++) {
      const id = inc.ids[k] ?? 0;
      if ((inc.coefs[k] ?? 0) > 0 && full(id)) found = id;
    }
    if (found < 0) continue;
    reasonKind[i] = found < nRows ? REASON_ROW : REASON_PAIR;
    reasonRef[i] = found < nRows ? found : found - nRows;
  }
  return { reasonKind, reasonRef };
}
