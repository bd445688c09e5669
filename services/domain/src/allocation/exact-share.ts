// The exact lexicographic max-min fair share where a §8 imbalance pair binds: max-min programming
// over the admitted set — maximise the common level t of the unfrozen CPs under every node limit,
// imbalance pair and own max; freeze those that cannot exceed t (a positive dual on x ≥ t, or their
// max reached); repeat — each level solved by the pure-TS simplex (simplex.ts). CPs with the same
// limits, coefficients, min and max get the same share in the (unique) optimum, so they are one
// LP variable (a class). Called for the whole site (DLM networks share the site's rows), or per
// network on a problem whose site rows are relaxed to Infinity (fair-share.ts decoupledExactShare).
import type { FairShare } from './fair-share';
import { REASON_MAX, REASON_PAIR, REASON_ROW } from './fair-share';
import type { Problem } from './problem';
import { limitLoads } from './problem';
import { Simplex } from './simplex';

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

/**
 * Largest dense tableau (rows × columns) the exact path builds: 2·10⁷ doubles = 160 MB, reached near
 * 2,500–3,000 admitted CPs on one site where a pair binds. Beyond it fairShare keeps its fallback.
 */
export const EXACT_MAX_TABLEAU = 20_000_000;

/**
 * Exact continuous lexicographic max-min share of the admitted CPs, reasons named per CP; undefined
 * when the LP would exceed EXACT_MAX_TABLEAU.
 */
export function exactFairShare(
  problem: Problem,
  admitted: Uint8Array,
  heuristic: FairShare,
  start?: Float64Array,
): FairShare | undefined {
  const inc = problem.incidence;
  const n = inc.min.length;
  const share = new Float64Array(n);
  const open = new Uint8Array(n);
  // Below the level where a pair first stopped a CP, the water-fill is max-min programming with
  // every pair slack: those shares are exact and stay fixed. The rest start from that level.
  const level = heuristic.pairLevel;
  for (let i = 0; i < n; i++) {
    if (admitted[i] !== 1) continue;
    if ((inc.max[i] ?? 0) <= (inc.min[i] ?? 0)) share[i] = inc.min[i] ?? 0;
    else if ((heuristic.share[i] ?? 0) < level - 1e-9) share[i] = heuristic.share[i] ?? 0;
    else open[i] = 1;
  }
  const classes = classesOf(problem, open);
  const classValue = levels(problem, admitted, share, classes, level, start);
  if (classValue === undefined) return undefined;
  for (let i = 0; i < n; i++) {
    const c = classes.of[i] ?? -1;
    if (c >= 0) share[i] = classValue[c] ?? 0;
  }
  return { share, ...reasons(problem, admitted, share, heuristic), pairBound: true, pairLevel: level };
}

/**
 * Max-min programming on one simplex tableau. Columns: x_c per class (bounds [max(min, from), max]),
 * then t. Rows: every limit a class loads (count·coef), then a level row t − x_c ≤ 0 per class. The
 * start (every class at its lower bound, t = 0) is the water-fill's point at level `from`: feasible
 * (at min current by admission; at the first pair level, that pair is just full). Every optimum
 * keeps them there or above, so the lower bound does not cut the optimum. Each round maximises t; a class with a positive dual
 * on its level row (x_c = t in every optimum) or at its max is fixed where it is and its level row
 * dropped; the next round re-optimises from the same basis.
 */
function levels(
  problem: Problem,
  admitted: Uint8Array,
  share: Float64Array,
  classes: Classes,
  from: number,
  start?: Float64Array,
): Float64Array | undefined {
  const inc = problem.incidence;
  const nClasses = classes.count.length;
  // Capacity left by the CPs fixed at min = max (not in the LP).
  const rhs = Float64Array.from(inc.capacity);
  for (let i = 0; i < share.length; i++) {
    if (admitted[i] !== 1 || (classes.of[i] ?? -1) >= 0) continue;
    for (let k = inc.start[i] ?? 0; k < (inc.start[i + 1] ?? 0); k++) {
      const id = inc.ids[k] ?? 0;
      rhs[id] = (rhs[id] ?? 0) - (inc.coefs[k] ?? 0) * (share[i] ?? 0);
    }
  }
  const rowOf = new Int32Array(inc.capacity.length).fill(-1);
  const limitRows: number[] = [];
  for (let c = 0; c < nClasses; c++) {
    const i = classes.first[c] ?? 0;
    for (let k = inc.start[i] ?? 0; k < (inc.start[i + 1] ?? 0); k++) {
      const id = inc.ids[k] ?? 0;
      // A relaxed limit (infinite capacity, see decoupledExactShare) is no row.
      if (rowOf[id] !== -1 || !Number.isFinite(inc.capacity[id] ?? 0)) continue;
      rowOf[id] = limitRows.length;
      limitRows.push(id);
    }
  }
  const nCols = nClasses + 1;
  const tCol = nClasses;
  const m = limitRows.length + nClasses;
  if (m * (nCols + m) > EXACT_MAX_TABLEAU) return undefined;
  const a = new Float64Array(m * nCols);
  const b = new Float64Array(m);
  limitRows.forEach((id, r) => (b[r] = rhs[id] ?? 0));
  const lower = new Float64Array(nCols);
  const upper = new Float64Array(nCols);
  for (let c = 0; c < nClasses; c++) {
    const i = classes.first[c] ?? 0;
    const count = classes.count[c] ?? 1;
    for (let k = inc.start[i] ?? 0; k < (inc.start[i + 1] ?? 0); k++) {
      const r = rowOf[inc.ids[k] ?? 0] ?? -1;
      if (r >= 0) a[r * nCols + c] = (a[r * nCols + c] ?? 0) + count * (inc.coefs[k] ?? 0);
    }
    lower[c] = Math.min(inc.max[i] ?? 0, Math.max(from, inc.min[i] ?? 0));
    upper[c] = inc.max[i] ?? 0;
    const level = limitRows.length + c;
    a[level * nCols + c] = -1;
    a[level * nCols + tCol] = 1;
  }
  upper[tCol] = Infinity;
  const objective = new Float64Array(nCols);
  objective[tCol] = 1;
  // A given start (admission's support point, feasible): each class at its members' mean there
  // (the mean of feasible points of the same class is feasible, all limits being linear in the total).
  let from0: Float64Array | undefined;
  if (start !== undefined) {
    from0 = new Float64Array(nCols);
    for (let i = 0; i < share.length; i++) {
      const c = classes.of[i] ?? -1;
      if (c >= 0) from0[c] = (from0[c] ?? 0) + (start[i] ?? 0) / (classes.count[c] ?? 1);
    }
  }
  const lp = new Simplex(a, b, objective, lower, upper, m, nCols, from0);
  const value = new Float64Array(nClasses).fill(NaN);
  let left = nClasses;
  while (left > 0) {
    lp.solve();
    const t = lp.value(tCol);
    let frozen = 0;
    const freeze = (c: number): void => {
      lp.fix(c);
      lp.dropRow(limitRows.length + c);
      value[c] = lp.value(c);
      frozen++;
    };
    for (let c = 0; c < nClasses; c++) {
      if (!Number.isNaN(value[c] ?? 0)) continue;
      const max = inc.max[classes.first[c] ?? 0] ?? 0;
      if (lp.dual(limitRows.length + c) > DUAL_TOL || max <= t + 1e-9) freeze(c);
    }
    // The level rows' duals sum to 1, so someone is frozen; guard against round-off all the same.
    for (let c = 0; c < nClasses && frozen === 0; c++)
      if (Number.isNaN(value[c] ?? 0) && lp.value(c) <= t + 1e-7) freeze(c);
    for (let c = 0; c < nClasses && frozen === 0; c++) if (Number.isNaN(value[c] ?? 0)) freeze(c);
    left -= frozen;
  }
  return value;
}

/** Why each CP stopped: its max, else a full limit it loads (the water-fill's if still full). */
export function reasons(
  problem: Problem,
  admitted: Uint8Array,
  share: Float64Array,
  heuristic: FairShare,
): { reasonKind: Uint8Array; reasonRef: Int32Array } {
  const inc = problem.incidence;
  const nRows = problem.nRows;
  const load = limitLoads(inc, share);
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
