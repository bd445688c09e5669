// The independent LP route that certifies the engine (tests and bench only): admission as a MILP in
// FIFO order, then max-min programming — maximise the common level, fix the saturated, repeat.
// Admission: z_i = 1 when some whole-amp x exists with min_i ≤ x_i ≤ max_i for every admitted CP
// (x_i = 0 otherwise) that holds every limit. Without imbalance pairs every limit is a packing
// limit, so x = min·z decides it (the small MILP); with pairs, x_i are general integers.
// The solver is injected (HiGHS in tests), so this module stays pure. It shares only the input
// normalisation (rows, pairs, per-CP min/max) with the engine, not the allocation logic.
import type { Problem } from '../problem';

export interface LpSolution {
  readonly Status: string;
  readonly ObjectiveValue: number;
  readonly Columns: Record<string, { readonly Primal: number }>;
  readonly Rows: readonly { readonly Dual?: number }[];
}
export interface LpSolver {
  solve(lp: string, options: Record<string, number | string | boolean>): LpSolution;
}

export interface ReferenceAllocation {
  /** Per demand (FIFO order). */
  readonly admitted: Uint8Array;
  /** Continuous lexicographic max-min fair share per demand [A]; 0 when not admitted. */
  readonly share: Float64Array;
  readonly solves: number;
}

const LP_OPTIONS = { output_flag: false, presolve: 'on' } as const;
/** The chunk objective Σ 2^(C−1−k)·z_k is exact only with a zero optimality gap. */
const MILP_OPTIONS = { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 0.5 } as const;
const DUAL_TOL = 1e-9;

/** Row body Σ coef·var and the constant from already-decided variables, per row and pair. */
class Rows {
  readonly terms: string[][];
  readonly constant: Float64Array;
  constructor(private readonly problem: Problem) {
    const n = problem.nRows + problem.pairs.length;
    this.terms = Array.from({ length: n }, () => []);
    this.constant = new Float64Array(n);
  }
  add(i: number, coefficient: number, variable: string | undefined): void {
    const { start, ids, coefs } = this.problem.incidence;
    for (let k = start[i] ?? 0; k < (start[i + 1] ?? 0); k++) {
      const id = ids[k] ?? 0;
      const c = (coefs[k] ?? 0) * coefficient;
      if (variable === undefined) this.constant[id] = (this.constant[id] ?? 0) + c;
      else this.terms[id]?.push(`${c >= 0 ? '+' : '-'} ${Math.abs(c)} ${variable}`);
    }
  }
  /** `name: body <= rhs` lines for every row that has a variable; returns their ids in order. */
  lines(ids: number[]): string[] {
    const out: string[] = [];
    this.terms.forEach((terms, id) => {
      if (terms.length === 0) return;
      const cap = this.problem.incidence.capacity[id] ?? 0;
      out.push(` c${id}: ${terms.join(' ')} <= ${cap - (this.constant[id] ?? 0)}`);
      ids.push(id);
    });
    return out;
  }
}

/**
 * Lexicographic FIFO admission, `chunk` CPs per MILP, earlier decisions fixed. With imbalance pairs,
 * pass chunk = 1: a chunk's lexicographic optimum may admit an EV that only a later one of the chunk
 * balances, which FIFO admission (never relying on a later EV) does not.
 */
export function admitByMilp(
  problem: Problem,
  solver: LpSolver,
  chunk = 30,
): { admitted: Uint8Array; solves: number } {
  const n = problem.demands.count;
  const { min, max } = problem.incidence;
  const raised = problem.pairs.length > 0;
  const admitted = new Uint8Array(n);
  let solves = 0;
  for (let start = 0; start < n; start += chunk) {
    const rows = new Rows(problem);
    const integers: number[] = [];
    for (let i = 0; i < start; i++) {
      if (admitted[i] !== 1) continue;
      if (raised) {
        rows.add(i, 1, `x${i}`);
        integers.push(i);
      } else rows.add(i, min[i] ?? 0, undefined);
    }
    const free: number[] = [];
    const links: string[] = [];
    for (let i = start; i < Math.min(n, start + chunk); i++) {
      if ((max[i] ?? 0) < (min[i] ?? 0)) continue;
      free.push(i);
      if (!raised) {
        rows.add(i, min[i] ?? 0, `z${i}`);
        continue;
      }
      // min·z ≤ x ≤ max·z: x = 0 unless admitted.
      rows.add(i, 1, `x${i}`);
      integers.push(i);
      links.push(` lo${i}: x${i} - ${min[i] ?? 0} z${i} >= 0`, ` up${i}: x${i} - ${max[i] ?? 0} z${i} <= 0`);
    }
    if (free.length === 0) continue;
    const objective = free.map((i, k) => `+ ${2 ** (free.length - 1 - k)} z${i}`).join(' ');
    const constraints = [...links, ...rows.lines([])];
    const bounds = integers
      .filter((i) => i < start)
      .map((i) => ` ${min[i] ?? 0} <= x${i} <= ${max[i] ?? 0}`)
      .concat(integers.filter((i) => i >= start).map((i) => ` 0 <= x${i} <= ${max[i] ?? 0}`));
    const lp = [
      'Maximize',
      ` obj: ${objective}`,
      'Subject To',
      ...(constraints.length > 0 ? constraints : [` c: z${free[0]} >= 0`]),
      ...(bounds.length > 0 ? ['Bounds', ...bounds] : []),
      ...(integers.length > 0 ? ['General', ` ${integers.map((i) => `x${i}`).join(' ')}`] : []),
      'Binary',
      ` ${free.map((i) => `z${i}`).join(' ')}`,
      'End',
    ].join('\n');
    const solution = solver.solve(lp, MILP_OPTIONS);
    solves++;
    if (solution.Status !== 'Optimal') throw new Error(`admission MILP: ${solution.Status}`);
    for (const i of free) admitted[i] = Math.round(solution.Columns[`z${i}`]?.Primal ?? 0) === 1 ? 1 : 0;
  }
  return { admitted, solves };
}

/** One round: maximise the common level t of the unfixed; returns t and who is saturated at it. */
function maxLevel(
  problem: Problem,
  solver: LpSolver,
  fixed: Float64Array,
  unfixed: number[],
): { t: number; saturated: number[] } {
  const rows = new Rows(problem);
  fixed.forEach((v, i) => {
    if (!Number.isNaN(v)) rows.add(i, v, undefined);
  });
  for (const i of unfixed) rows.add(i, 1, `x${i}`);
  const ids: number[] = [];
  const limitLines = rows.lines(ids);
  const levelLines = unfixed.map((i) => ` l${i}: x${i} - t >= 0`);
  const bounds = unfixed.map(
    (i) => ` ${problem.incidence.min[i] ?? 0} <= x${i} <= ${problem.incidence.max[i] ?? 0}`,
  );
  const lp = [
    'Maximize',
    ' obj: t',
    'Subject To',
    ...levelLines,
    ...limitLines,
    'Bounds',
    ...bounds,
    ' 0 <= t <= 100000',
    'End',
  ].join('\n');
  const solution = solver.solve(lp, LP_OPTIONS);
  if (solution.Status !== 'Optimal') throw new Error(`max-min LP: ${solution.Status}`);
  const t = solution.ObjectiveValue;
  // A positive dual on x_i ≥ t means x_i = t in every optimum: i is saturated at this level.
  const saturated = unfixed.filter(
    (i, k) => Math.abs(solution.Rows[k]?.Dual ?? 0) > DUAL_TOL || (problem.incidence.max[i] ?? 0) <= t + 1e-9,
  );
  if (saturated.length > 0) return { t, saturated };
  return { t, saturated: unfixed.filter((i) => (solution.Columns[`x${i}`]?.Primal ?? 0) <= t + 1e-7) };
}

/** Max-min programming over the admitted set. */
export function maxMinByLp(
  problem: Problem,
  solver: LpSolver,
  admitted: Uint8Array,
): { share: Float64Array; solves: number } {
  const { min, max } = problem.incidence;
  const fixed = new Float64Array(problem.demands.count).fill(NaN);
  let unfixed: number[] = [];
  for (let i = 0; i < problem.demands.count; i++) {
    if (admitted[i] !== 1) fixed[i] = 0;
    else if (min[i] === max[i]) fixed[i] = min[i] ?? 0;
    else unfixed.push(i);
  }
  let solves = 0;
  while (unfixed.length > 0) {
    const { t, saturated } = maxLevel(problem, solver, fixed, unfixed);
    solves++;
    for (const i of saturated) fixed[i] = Math.min(max[i] ?? 0, Math.max(t, min[i] ?? 0));
    const done = new Set(saturated);
    unfixed = unfixed.filter((i) => !done.has(i));
  }
  return { share: fixed.map((v) => (Number.isNaN(v) ? 0 : v)), solves };
}

export function allocateByLp(problem: Problem, solver: LpSolver, admissionChunk = 30): ReferenceAllocation {
  const admission = admitByMilp(problem, solver, admissionChunk);
  const fair = maxMinByLp(problem, solver, admission.admitted);
  return { admitted: admission.admitted, share: fair.share, solves: admission.solves + fair.solves };
}
