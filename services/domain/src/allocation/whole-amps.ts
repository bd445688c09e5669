// §7 "Regulation takes place in 1 A steps": turn the continuous fair share into whole amps.
// Engine's choice: floor every share (never below the min), then hand out the leftover amps +1 A at
// a time in FIFO order (earlier plug-in first) wherever every row and imbalance pair still holds.
// No CP gets more than ⌈share⌉, so everyone stays within 1 A of the continuous fair share.
// Flooring can widen a phase imbalance (light-phase CPs lose their fractions); those pairs are
// repaired first by +1 A on the light side, else −1 A on the latest heavy-side CP above its min.
// Where that repair gets stuck (the pairs couple CPs across phases and nodes), an exact search for
// whole amps within 1 A of the share (whole-amp-feasibility.ts) takes over; past its bounds, the
// admission's support point (which holds every limit) is the floor instead.
import type { Incidence, Problem } from './problem';
import { EPS } from './problem';
import { wholeAmpPoint } from './whole-amp-feasibility';

class Ledger {
  readonly load: Float64Array;
  constructor(
    private readonly inc: Incidence,
    readonly amps: Int32Array,
    readonly admitted: Uint8Array,
    readonly share: Float64Array,
  ) {
    this.load = new Float64Array(inc.capacity.length);
    for (let i = 0; i < amps.length; i++) this.addLoad(i, amps[i] ?? 0);
  }

  add(i: number, delta: number): void {
    this.amps[i] = (this.amps[i] ?? 0) + delta;
    this.addLoad(i, delta);
  }

  private addLoad(i: number, delta: number): void {
    const { start, ids, coefs } = this.inc;
    for (let k = start[i] ?? 0; k < (start[i + 1] ?? 0); k++) {
      const id = ids[k] ?? 0;
      this.load[id] = (this.load[id] ?? 0) + (coefs[k] ?? 0) * delta;
    }
  }

  /** +1 A for CP i: admitted, below ⌈share⌉ and its max, and every limit still holds. */
  canRaise(i: number): boolean {
    const amps = this.amps[i] ?? 0;
    if (this.admitted[i] !== 1 || amps >= (this.share[i] ?? 0) - EPS || amps + 1 > (this.inc.max[i] ?? 0))
      return false;
    const { start, ids, coefs, capacity } = this.inc;
    for (let k = start[i] ?? 0; k < (start[i + 1] ?? 0); k++) {
      const id = ids[k] ?? 0;
      const coef = coefs[k] ?? 0;
      if (coef > 0 && (this.load[id] ?? 0) + coef > (capacity[id] ?? 0) + EPS) return false;
    }
    return true;
  }

  violatedPair(nRows: number, from = nRows): number {
    for (let id = from; id < this.load.length; id++)
      if ((this.load[id] ?? 0) > (this.inc.capacity[id] ?? 0) + EPS) return id;
    return -1;
  }

  /** Coefficient of CP i in limit id (0 when it is not in it). */
  coef(i: number, id: number): number {
    for (let k = this.inc.start[i] ?? 0; k < (this.inc.start[i + 1] ?? 0); k++)
      if (this.inc.ids[k] === id) return this.inc.coefs[k] ?? 0;
    return 0;
  }
}

function repairImbalance(ledger: Ledger, problem: Problem): void {
  const n = ledger.amps.length;
  for (let id = ledger.violatedPair(problem.nRows); id >= 0; id = ledger.violatedPair(problem.nRows)) {
    let light = -1;
    for (let i = 0; i < n && light < 0; i++) if (ledger.coef(i, id) < 0 && ledger.canRaise(i)) light = i;
    if (light >= 0) {
      ledger.add(light, 1);
      continue;
    }
    let heavy = -1;
    for (let i = n - 1; i >= 0 && heavy < 0; i--)
      if (ledger.coef(i, id) > 0 && (ledger.amps[i] ?? 0) > (problem.incidence.min[i] ?? 0)) heavy = i;
    if (heavy < 0) return; // stuck: toWholeAmps takes the exact route
    ledger.add(heavy, -1);
  }
}

/** Whole amps in [⌊share⌋, ⌈share⌉] ∩ [min, max] that hold every limit, or undefined. */
function nearShare(problem: Problem, share: Float64Array, admitted: Uint8Array): Int32Array | undefined {
  const { min, max } = problem.incidence;
  const lo = new Float64Array(share.length);
  const up = new Float64Array(share.length);
  for (let i = 0; i < share.length; i++) {
    if (admitted[i] !== 1) continue;
    const s = share[i] ?? 0;
    lo[i] = Math.min(max[i] ?? 0, Math.max(min[i] ?? 0, Math.floor(s + EPS)));
    up[i] = Math.max(lo[i] ?? 0, Math.min(max[i] ?? 0, Math.ceil(s - EPS)));
  }
  const answer = wholeAmpPoint(problem, lo, up, admitted);
  return answer.kind === 'feasible' ? answer.amps : undefined;
}

/**
 * Whole amps per demand (FIFO order); 0 for demands not admitted. `support`: admission's whole-amp
 * point, when everyone at min breaks an imbalance pair.
 */
export function toWholeAmps(
  problem: Problem,
  share: Float64Array,
  admitted: Uint8Array,
  support?: Int32Array,
): Int32Array {
  const { min } = problem.incidence;
  let amps: Int32Array = new Int32Array(share.length);
  for (let i = 0; i < share.length; i++)
    if (admitted[i] === 1) amps[i] = Math.max(min[i] ?? 0, Math.floor((share[i] ?? 0) + EPS));
  let ledger = new Ledger(problem.incidence, amps, admitted, share);
  if (problem.pairs.length > 0) repairImbalance(ledger, problem);
  if (problem.pairs.length > 0 && ledger.violatedPair(0, 0) >= 0) {
    amps =
      nearShare(problem, share, admitted) ??
      support?.slice() ??
      Int32Array.from(min, (m, i) => (admitted[i] === 1 ? m : 0));
    ledger = new Ledger(problem.incidence, amps, admitted, share);
  }
  for (let i = 0; i < amps.length; i++) if (ledger.canRaise(i)) ledger.add(i, 1);
  return ledger.amps;
}
