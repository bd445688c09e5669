// Exact whole-amp feasibility (§7 "Regulation takes place in 1 A steps", §8): is there a whole-amp
// current per CP within [lo, up] (0 for the CPs left out) that holds every node limit and imbalance
// pair? Used by admission (is there room for one more EV, the others raised where that balances the
// phases?) and by whole amps when rounding the fair share cannot repair an imbalance pair.
// CPs with the same bounds and limits are one group: its total X ∈ [k·lo, k·up] splits into any k
// whole amps in [lo, up], and every limit sees only the total — so grouping is exact, not a heuristic.
// LP relaxation on the pure simplex (phase 1 from a hint), then depth-first branch and bound on
// fractional group totals.
import type { Problem } from './problem';
import { EPS, limitLoads } from './problem';
import { Simplex } from './simplex';
import { EXACT_MAX_TABLEAU } from './exact-share';

/** Branch-and-bound LPs before giving up ('unknown'); random sites need 1–3. */
export const FEASIBILITY_NODE_LIMIT = 400;

export type WholeAmpAnswer =
  | { readonly kind: 'feasible'; readonly amps: Int32Array }
  | { readonly kind: 'infeasible' }
  /** Too large for one dense LP, or past FEASIBILITY_NODE_LIMIT: the caller stays on the safe side. */
  | { readonly kind: 'unknown' };

const INFEASIBLE: WholeAmpAnswer = { kind: 'infeasible' };
const UNKNOWN: WholeAmpAnswer = { kind: 'unknown' };
const INT_TOL = 1e-6;

interface Groups {
  /** Per group: member count, first member, bounds of the total. */
  readonly count: number[];
  readonly first: number[];
  readonly lo: number[];
  readonly up: number[];
  /** Members of each group in FIFO order. */
  readonly members: number[][];
}

function groupsOf(problem: Problem, lo: Float64Array, up: Float64Array, open: Uint8Array): Groups {
  const { start, ids, coefs } = problem.incidence;
  const byKey = new Map<string, number>();
  const g: Groups = { count: [], first: [], lo: [], up: [], members: [] };
  for (let i = 0; i < open.length; i++) {
    if (open[i] !== 1) continue;
    let key = `${lo[i]}/${up[i]}`;
    for (let k = start[i] ?? 0; k < (start[i + 1] ?? 0); k++) key += `/${ids[k]}:${coefs[k]}`;
    let c = byKey.get(key);
    if (c === undefined) {
      c = g.count.length;
      byKey.set(key, c);
      g.count.push(0);
      g.first.push(i);
      g.lo.push(0);
      g.up.push(0);
      g.members.push([]);
    }
    g.count[c] = (g.count[c] ?? 0) + 1;
    g.lo[c] = (g.lo[c] ?? 0) + (lo[i] ?? 0);
    g.up[c] = (g.up[c] ?? 0) + (up[i] ?? 0);
    g.members[c]?.push(i);
  }
  return g;
}

/** The limits the groups load, as dense rows over the group totals, with whole-amp capacities. */
interface Limits {
  readonly a: Float64Array;
  readonly cap: Float64Array;
  readonly m: number;
}

function limitsOf(
  problem: Problem,
  groups: Groups,
  fixedLoad: Float64Array | undefined,
  dropped: ((id: number) => boolean) | undefined,
): Limits {
  const { start, ids, coefs, capacity } = problem.incidence;
  const G = groups.count.length;
  const rowOf = new Map<number, number>();
  for (const i of groups.first)
    for (let k = start[i] ?? 0; k < (start[i + 1] ?? 0); k++) {
      const id = ids[k] ?? 0;
      if (!rowOf.has(id) && dropped?.(id) !== true) rowOf.set(id, rowOf.size);
    }
  const m = rowOf.size;
  const a = new Float64Array(m * G);
  const cap = new Float64Array(m);
  // Integer coefficients and whole amps: Σ coef·x ≤ c + EPS ⇔ Σ coef·x ≤ ⌊c + EPS⌋.
  for (const [id, r] of rowOf) cap[r] = Math.floor((capacity[id] ?? 0) - (fixedLoad?.[id] ?? 0) + EPS);
  groups.first.forEach((i, g) => {
    for (let k = start[i] ?? 0; k < (start[i + 1] ?? 0); k++) {
      const r = rowOf.get(ids[k] ?? 0);
      if (r !== undefined) a[r * G + g] = coefs[k] ?? 0;
    }
  });
  return { a, cap, m };
}

/**
 * The LP relaxation with totals in [lower, upper], by phase 1 alone: start at `hint` (clamped into
 * the bounds) and give each limit it breaks an artificial column that takes up the excess; maximise
 * −Σ artificials. Feasible iff they reach 0. A hint near a feasible point (admission's support)
 * leaves few artificials and few pivots.
 */
function relaxation(
  limits: Limits,
  lower: readonly number[],
  upper: readonly number[],
  hint: readonly number[],
): Float64Array | undefined {
  const G = lower.length;
  const x0 = hint.map((v, g) => Math.min(upper[g] ?? 0, Math.max(lower[g] ?? 0, v)));
  const excess: { row: number; by: number }[] = [];
  for (let r = 0; r < limits.m; r++) {
    let load = 0;
    for (let g = 0; g < G; g++) load += (limits.a[r * G + g] ?? 0) * (x0[g] ?? 0);
    if (load > (limits.cap[r] ?? 0)) excess.push({ row: r, by: load - (limits.cap[r] ?? 0) });
  }
  if (excess.length === 0) return Float64Array.from(x0);
  const n = G + excess.length;
  const a = new Float64Array(limits.m * n);
  for (let r = 0; r < limits.m; r++) for (let g = 0; g < G; g++) a[r * n + g] = limits.a[r * G + g] ?? 0;
  const lo = new Float64Array(n);
  const up = new Float64Array(n).fill(Infinity);
  const start = new Float64Array(n);
  const objective = new Float64Array(n);
  for (let g = 0; g < G; g++) [lo[g], up[g], start[g]] = [lower[g] ?? 0, upper[g] ?? 0, x0[g] ?? 0];
  excess.forEach(({ row, by }, k) => {
    a[row * n + G + k] = -1;
    start[G + k] = by;
    objective[G + k] = -1;
  });
  const lp = new Simplex(a, limits.cap, objective, lo, up, limits.m, n, start);
  lp.solve();
  let left = 0;
  for (let k = 0; k < excess.length; k++) left += lp.value(G + k);
  if (left > 1e-7) return undefined;
  return Float64Array.from({ length: G }, (_, g) => lp.value(g));
}

/** Does the whole-amp vector of totals hold every limit (exact integer arithmetic)? */
function holds(limits: Limits, totals: Float64Array): boolean {
  const G = totals.length;
  for (let r = 0; r < limits.m; r++) {
    let load = 0;
    for (let g = 0; g < G; g++) load += (limits.a[r * G + g] ?? 0) * (totals[g] ?? 0);
    if (load > (limits.cap[r] ?? 0)) return false;
  }
  return true;
}

/** Splits each group's total over its members, evenly, the leftover amps to the earliest plug-ins. */
function split(groups: Groups, totals: Float64Array, lo: Float64Array, into: Int32Array): Int32Array {
  groups.members.forEach((members, g) => {
    const k = members.length;
    const extra = (totals[g] ?? 0) - (groups.lo[g] ?? 0);
    const each = Math.floor(extra / k);
    members.forEach((i, r) => (into[i] = (lo[i] ?? 0) + each + (r < extra - each * k ? 1 : 0)));
  });
  return into;
}

export interface FeasibilityOptions {
  /** Whole amps of the CPs held where they are (not open): their load is taken off every capacity. */
  readonly fixed?: Int32Array;
  /** A start per demand near a feasible point (e.g. admission's support); else each CP at lo. */
  readonly hint?: ArrayLike<number>;
  /** Limits left out (a relaxation: 'infeasible' then still proves there is no point). */
  readonly dropped?: (id: number) => boolean;
}

/**
 * Whole amps per demand in [lo, up] for the demands with open = 1 that hold every limit, the others
 * at `fixed` (0 without it) — or proof there are none ('infeasible'), or 'unknown' past the size or
 * node limits. lo and up are whole amps.
 */
export function wholeAmpPoint(
  problem: Problem,
  lo: Float64Array,
  up: Float64Array,
  open: Uint8Array,
  options: FeasibilityOptions = {},
): WholeAmpAnswer {
  const groups = groupsOf(problem, lo, up, open);
  const fixed = options.fixed;
  const held = fixed && Float64Array.from(fixed, (v, i) => (open[i] === 1 ? 0 : v));
  const limits = limitsOf(problem, groups, held && limitLoads(problem.incidence, held), options.dropped);
  const G = groups.count.length;
  if (limits.m * (2 * G + 2 * limits.m) > EXACT_MAX_TABLEAU) return UNKNOWN;
  const hint = groups.members.map((members) =>
    members.reduce((sum, i) => sum + (options.hint?.[i] ?? lo[i] ?? 0), 0),
  );
  const stack: { lower: number[]; upper: number[]; hint: number[] }[] = [
    { lower: groups.lo, upper: groups.up, hint },
  ];
  for (let nodes = 0; stack.length > 0; nodes++) {
    if (nodes >= FEASIBILITY_NODE_LIMIT) return UNKNOWN;
    const { lower, upper, hint: near } = stack.pop() ?? { lower: [], upper: [], hint: [] };
    let x: Float64Array | undefined;
    try {
      x = relaxation(limits, lower, upper, near);
    } catch {
      return UNKNOWN; // simplex iteration limit: never claim infeasible without proof
    }
    if (x === undefined) continue;
    const rounded = x.map((v) => Math.round(v));
    if (holds(limits, rounded) && rounded.every((v, g) => v >= (lower[g] ?? 0) && v <= (upper[g] ?? 0))) {
      const into = fixed === undefined ? new Int32Array(open.length) : fixed.slice();
      return { kind: 'feasible', amps: split(groups, rounded, lo, into) };
    }
    // Branch on the most fractional total; the nearer side is explored first (pushed last).
    let branch = -1;
    let worst = INT_TOL;
    x.forEach((v, g) => {
      const f = Math.abs(v - Math.round(v));
      if (f > worst) [branch, worst] = [g, f];
    });
    // Integral within 1e-6 yet the rounded point breaks a limit: only round-off can do that.
    if (branch < 0) return UNKNOWN;
    const v = x[branch] ?? 0;
    const at = Array.from(x);
    const down = { lower, upper: upper.map((u, g) => (g === branch ? Math.floor(v) : u)), hint: at };
    const upSide = { lower: lower.map((l, g) => (g === branch ? Math.ceil(v) : l)), upper, hint: at };
    const [farther, nearer] = v - Math.floor(v) < 0.5 ? [upSide, down] : [down, upSide];
    for (const node of [farther, nearer])
      if ((node.lower[branch] ?? 0) <= (node.upper[branch] ?? 0)) stack.push(node);
  }
  return INFEASIBLE;
}
