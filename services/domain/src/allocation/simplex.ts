// A small dense bounded-variable primal simplex for the exact fair-share path (pure, no I/O).
// Solves  max c·x  s.t.  A·x ≤ b,  lower ≤ x ≤ upper  (bounds may be ±Infinity) from a start where
// every x sits at a finite bound (or 0 when free), or at a given point (a nonbasic x may sit between
// its bounds), and the slacks b − A·x are ≥ 0 — so no phase 1 (callers that need one add artificial
// columns, whole-amp-feasibility.ts).
// Bounds can be changed between solves (a variable fixed at its current value, a row's slack made
// free to drop the row) and the next solve starts from the last basis: warm starts across the
// rounds of max-min programming. Dantzig pricing, switching to Bland's rule after a run of
// degenerate pivots (no cycling); tolerances scaled for currents in amps.

const PIVOT_TOL = 1e-9;
const COST_TOL = 1e-9;
const BOUND_TOL = 1e-9;
const DEGENERATE_RUN = 50;

export class Simplex {
  /** Columns: n structurals, then m slacks (slack i belongs to row i). */
  private readonly cols: number;
  /** Row i reads x_B(i) + Σ_nonbasic T[i][j]·x_j = const (values are tracked explicitly). */
  private readonly t: Float64Array;
  private readonly lo: Float64Array;
  private readonly up: Float64Array;
  private readonly val: Float64Array;
  private readonly basis: Int32Array;
  private readonly isBasic: Uint8Array;
  /** Reduced costs d_j = c_j − c_B·B⁻¹A_j. */
  private readonly d: Float64Array;

  constructor(
    a: Float64Array,
    b: Float64Array,
    c: Float64Array,
    lower: Float64Array,
    upper: Float64Array,
    private readonly m: number,
    private readonly n: number,
    /** A feasible start (A·start ≤ b, within bounds); else each x at a finite bound. Nonbasic x may sit between bounds. */
    start?: Float64Array,
  ) {
    const cols = n + m;
    this.cols = cols;
    this.t = new Float64Array(m * cols);
    this.lo = new Float64Array(cols);
    this.up = new Float64Array(cols).fill(Infinity);
    this.val = new Float64Array(cols);
    this.basis = new Int32Array(m);
    this.isBasic = new Uint8Array(cols);
    this.d = new Float64Array(cols);
    for (let j = 0; j < n; j++) {
      const l = lower[j] ?? 0;
      const u = upper[j] ?? Infinity;
      this.lo[j] = l;
      this.up[j] = u;
      this.val[j] =
        start !== undefined ? (start[j] ?? 0) : Number.isFinite(l) ? l : Number.isFinite(u) ? u : 0;
      this.d[j] = c[j] ?? 0;
    }
    for (let i = 0; i < m; i++) {
      let slack = b[i] ?? 0;
      for (let j = 0; j < n; j++) {
        const v = a[i * n + j] ?? 0;
        this.t[i * cols + j] = v;
        slack -= v * (this.val[j] ?? 0);
      }
      this.t[i * cols + n + i] = 1;
      this.val[n + i] = Math.max(0, slack);
      this.basis[i] = n + i;
      this.isBasic[n + i] = 1;
    }
  }

  value(j: number): number {
    return this.val[j] ?? 0;
  }

  /** Shadow price of row i (≥ 0 at an optimum while its slack is bounded below by 0). */
  dual(i: number): number {
    return -(this.d[this.n + i] ?? 0);
  }

  /** Fixes structural j at its current value. */
  fix(j: number): void {
    const v = this.val[j] ?? 0;
    this.lo[j] = v;
    this.up[j] = v;
  }

  /** Drops row i: its slack becomes free. */
  dropRow(i: number): void {
    this.lo[this.n + i] = -Infinity;
  }

  /** Re-optimises from the current basis. Throws when unbounded or out of iterations. */
  solve(): void {
    const { m, cols, t, lo, up, val, basis, isBasic, d } = this;
    let degenerate = 0;
    const limit = 50 * cols + 1000;
    for (let iter = 0; ; iter++) {
      if (iter > limit) throw new Error('simplex: iteration limit');
      const bland = degenerate >= DEGENERATE_RUN;
      let enter = -1;
      let best = 0;
      for (let j = 0; j < cols; j++) {
        if (isBasic[j] === 1) continue;
        const dj = d[j] ?? 0;
        const v = val[j] ?? 0;
        let gain = 0;
        if (dj > COST_TOL && v < (up[j] ?? Infinity) - BOUND_TOL) gain = dj;
        else if (dj < -COST_TOL && v > (lo[j] ?? 0) + BOUND_TOL) gain = -dj;
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
      if (enter < 0) return;
      const dir = (d[enter] ?? 0) > 0 ? 1 : -1;
      // Ratio test: x_enter moves by dir·θ; basic x_B(i) moves by −dir·θ·T[i][enter].
      let theta =
        dir > 0 ? (up[enter] ?? Infinity) - (val[enter] ?? 0) : (val[enter] ?? 0) - (lo[enter] ?? 0);
      let leave = -1;
      let leaveAt = 0;
      for (let i = 0; i < m; i++) {
        const alpha = dir * (t[i * cols + enter] ?? 0);
        const bi = basis[i] ?? 0;
        const v = val[bi] ?? 0;
        let room: number;
        let bound: number;
        if (alpha > PIVOT_TOL && (lo[bi] ?? 0) > -Infinity) {
          bound = lo[bi] ?? 0;
          room = Math.max(0, v - bound) / alpha;
        } else if (alpha < -PIVOT_TOL && (up[bi] ?? Infinity) < Infinity) {
          bound = up[bi] ?? 0;
          room = Math.max(0, bound - v) / -alpha;
        } else continue;
        // Smallest ratio; among ties, Bland's rule takes the lowest variable index.
        const tie = room <= theta + 1e-12 && leave >= 0 && bland && bi < (basis[leave] ?? 0);
        if (room < theta - 1e-12 || tie) {
          theta = room;
          leave = i;
          leaveAt = bound;
        }
      }
      if (theta === Infinity) throw new Error('simplex: unbounded');
      degenerate = theta <= 1e-12 ? degenerate + 1 : 0;
      val[enter] = (val[enter] ?? 0) + dir * theta;
      for (let i = 0; i < m; i++) {
        const coef = t[i * cols + enter] ?? 0;
        if (coef === 0) continue;
        const bi = basis[i] ?? 0;
        val[bi] = (val[bi] ?? 0) - dir * theta * coef;
      }
      if (leave < 0) {
        // Bound flip: the entering variable went to its other bound; the basis stays.
        val[enter] = dir > 0 ? (up[enter] ?? 0) : (lo[enter] ?? 0);
        continue;
      }
      const out = basis[leave] ?? 0;
      val[out] = leaveAt;
      this.pivot(leave, enter);
      isBasic[out] = 0;
      isBasic[enter] = 1;
      basis[leave] = enter;
    }
  }

  private pivot(r: number, e: number): void {
    const { m, cols, t, d } = this;
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
}
