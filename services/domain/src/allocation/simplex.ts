// A small dense bounded-variable primal simplex for the exact fair-share path (pure, no I/O).
// Solves  max c·x  s.t.  A·x ≤ b,  0 ≤ x ≤ upper  with b ≥ 0, so the slack basis is feasible and no
// phase 1 is needed. Dantzig pricing, switching to Bland's rule after a run of degenerate pivots
// (no cycling); tolerances scaled for currents in amps.

export interface SimplexResult {
  readonly objective: number;
  /** Value of each structural variable. */
  readonly x: Float64Array;
  /** Dual value (shadow price ≥ 0) of each constraint row. */
  readonly dual: Float64Array;
}

const PIVOT_TOL = 1e-9;
const COST_TOL = 1e-9;
const DEGENERATE_RUN = 50;

/**
 * `a` is row-major m × n; `upper` may hold Infinity. Throws when unbounded or out of iterations
 * (neither happens for the fair-share LPs: every variable there is bounded).
 */
export function maximize(
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  upper: Float64Array,
  m: number,
  n: number,
): SimplexResult {
  const cols = n + m;
  // Tableau over structurals and slacks: row i reads x_B(i) + Σ_nonbasic T[i][j]·x_j = const.
  const t = new Float64Array(m * cols);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) t[i * cols + j] = a[i * n + j] ?? 0;
    t[i * cols + n + i] = 1;
  }
  const ub = new Float64Array(cols).fill(Infinity);
  for (let j = 0; j < n; j++) ub[j] = upper[j] ?? Infinity;
  const value = new Float64Array(cols);
  for (let i = 0; i < m; i++) value[n + i] = Math.max(0, b[i] ?? 0);
  const basis = new Int32Array(m);
  for (let i = 0; i < m; i++) basis[i] = n + i;
  const isBasic = new Uint8Array(cols);
  for (let i = 0; i < m; i++) isBasic[n + i] = 1;
  // Reduced costs d_j = c_j − c_B·B⁻¹A_j (slack basis: d = c).
  const d = new Float64Array(cols);
  for (let j = 0; j < n; j++) d[j] = c[j] ?? 0;

  let degenerate = 0;
  const limit = 50 * (m + n) + 1000;
  for (let iter = 0; ; iter++) {
    if (iter > limit) throw new Error('simplex: iteration limit');
    const bland = degenerate >= DEGENERATE_RUN;
    let enter = -1;
    let best = 0;
    for (let j = 0; j < cols; j++) {
      if (isBasic[j] === 1) continue;
      const dj = d[j] ?? 0;
      const v = value[j] ?? 0;
      let gain = 0;
      if (dj > COST_TOL && v < (ub[j] ?? Infinity) - PIVOT_TOL) gain = dj;
      else if (dj < -COST_TOL && v > PIVOT_TOL) gain = -dj;
      if (gain === 0) continue;
      if (bland) {
        enter = j;
        break;
      }
      if (gain > best) {
        best = gain;
        enter = j;
      }
    }
    if (enter < 0) break;
    const dir = (d[enter] ?? 0) > 0 ? 1 : -1;
    // Ratio test: the entering variable moves by θ·dir; basic x_B(i) moves by −θ·dir·T[i][enter].
    let theta = ub[enter] ?? Infinity;
    let leave = -1;
    let leaveToUpper = false;
    for (let i = 0; i < m; i++) {
      const alpha = dir * (t[i * cols + enter] ?? 0);
      const bi = basis[i] ?? 0;
      const v = value[bi] ?? 0;
      let room: number;
      let toUpper = false;
      if (alpha > PIVOT_TOL) room = Math.max(0, v) / alpha;
      else if (alpha < -PIVOT_TOL && (ub[bi] ?? Infinity) < Infinity) {
        room = Math.max(0, (ub[bi] ?? 0) - v) / -alpha;
        toUpper = true;
      } else continue;
      // Smallest ratio; among ties, Bland's rule takes the lowest variable index.
      const tie = room <= theta + 1e-12 && leave >= 0 && bland && bi < (basis[leave] ?? 0);
      if (room < theta - 1e-12 || tie) {
        theta = room;
        leave = i;
        leaveToUpper = toUpper;
      }
    }
    if (theta === Infinity) throw new Error('simplex: unbounded');
    degenerate = theta <= 1e-12 ? degenerate + 1 : 0;
    // Move values.
    value[enter] = (value[enter] ?? 0) + dir * theta;
    for (let i = 0; i < m; i++) {
      const coef = t[i * cols + enter] ?? 0;
      if (coef === 0) continue;
      const bi = basis[i] ?? 0;
      value[bi] = (value[bi] ?? 0) - dir * theta * coef;
    }
    if (leave < 0) {
      // Bound flip: the entering variable went from one bound to the other; the basis stays.
      value[enter] = dir > 0 ? (ub[enter] ?? 0) : 0;
      continue;
    }
    const out = basis[leave] ?? 0;
    value[out] = leaveToUpper ? (ub[out] ?? 0) : 0;
    pivot(t, d, m, cols, leave, enter);
    isBasic[out] = 0;
    isBasic[enter] = 1;
    basis[leave] = enter;
  }
  const x = value.slice(0, n);
  const dual = new Float64Array(m);
  for (let i = 0; i < m; i++) dual[i] = -(d[n + i] ?? 0);
  let objective = 0;
  for (let j = 0; j < n; j++) objective += (c[j] ?? 0) * (x[j] ?? 0);
  return { objective, x, dual };
}

function pivot(t: Float64Array, d: Float64Array, m: number, cols: number, r: number, e: number): void {
  const rowStart = r * cols;
  const p = t[rowStart + e] ?? 1;
  // Nonzero columns of the pivot row, so each elimination touches only those.
  const nz: number[] = [];
  for (let j = 0; j < cols; j++) {
    const v = (t[rowStart + j] ?? 0) / p;
    t[rowStart + j] = v;
    if (v !== 0) nz.push(j);
  }
  t[rowStart + e] = 1;
  for (let i = 0; i < m; i++) {
    if (i === r) continue;
    const f = t[i * cols + e] ?? 0;
    if (f === 0) continue;
    const s = i * cols;
    for (const j of nz) {
      const v = (t[s + j] ?? 0) - f * (t[rowStart + j] ?? 0);
      t[s + j] = Math.abs(v) < 1e-14 ? 0 : v;
    }
    t[s + e] = 0;
  }
  const f = d[e] ?? 0;
  if (f !== 0) {
    for (const j of nz) d[j] = (d[j] ?? 0) - f * (t[rowStart + j] ?? 0);
    d[e] = 0;
  }
}
