// Fair Trade (FIFO) admission (§7 "Algorithm: Fair Trade (FIFO)"): in plug-in order, a CP is admitted
// when some whole-amp allocation holds every limit with it and everyone admitted before it at or
// above their minimum current; otherwise it pauses. Under §8 (or a node's imbalanceLimitA) an earlier
// EV raised above its minimum can balance the phases for a later one, so "fits at everyone's
// minimum" is enough but not necessary: then an exact whole-amp feasibility check decides.
import type { Problem } from './problem';
import { EPS, limitLoads, nodeOfRow } from './problem';
import { wholeAmpPoint } from './whole-amp-feasibility';

export { EPS } from './problem';

/** What kept a CP from being admitted: a node row, an imbalance pair, or its own max below its min. */
export const NOT_BLOCKED = 0;
export const BLOCKED_BY_ROW = 1;
export const BLOCKED_BY_PAIR = 2;
export const BLOCKED_BY_OWN_MAX = 3;

export interface Admission {
  /** Per demand (FIFO order): admitted (charges at or above its min current)? */
  readonly admitted: Uint8Array;
  /** Per demand: why it was not admitted (BLOCKED_BY_*), with the row or pair index. */
  readonly blockerKind: Uint8Array;
  readonly blockerRef: Int32Array;
  /** Per demand: would it not fit even alone? */
  readonly blockedAlone: Uint8Array;
  /**
   * Whole amps per demand that hold every limit, every admitted CP at or above its min; set only
   * when the admitted set at min current breaks an imbalance pair (otherwise that point is one).
   */
  readonly support: Int32Array | undefined;
}

/**
 * Admission never relies on a later EV to balance phases: a CP is admitted only when the set
 * admitted so far, itself included, has a whole-amp allocation that holds every limit. Later
 * arrivals can leave at any time, and without them the imbalance limit would be broken (§8).
 * Node rows are packing limits, so the all-at-min point decides them exactly; only an imbalance
 * pair broken at min current sends a CP to the exact check (whole-amp-feasibility.ts).
 */
export function admitFifo(problem: Problem): Admission {
  return new FifoAdmission(problem).run();
}

class FifoAdmission {
  /** Load of every limit with every admitted CP at its min. */
  private readonly load: Float64Array;
  /** How many limits (pairs) that all-at-min point breaks. */
  private broken = 0;
  private readonly admitted: Uint8Array;
  private readonly blockerKind: Uint8Array;
  private readonly blockerRef: Int32Array;
  private readonly blockedAlone: Uint8Array;
  private support: Support | undefined;
  /** CP kinds (bounds and limits) with no room: admission only adds lower bounds, so they stay so. */
  private readonly refused = new Set<string>();
  private networks: Int32Array | undefined;

  constructor(private readonly problem: Problem) {
    const n = problem.demands.count;
    this.load = new Float64Array(problem.incidence.capacity.length);
    this.admitted = new Uint8Array(n);
    this.blockerKind = new Uint8Array(n);
    this.blockerRef = new Int32Array(n);
    this.blockedAlone = new Uint8Array(n);
  }

  run(): Admission {
    const { capacity, start, ids, coefs, min, max } = this.problem.incidence;
    const { nRows } = this.problem;
    const { load } = this;
    for (let i = 0; i < min.length; i++) {
      const floor = min[i] ?? 0;
      if ((max[i] ?? 0) < floor) {
        this.blockerKind[i] = BLOCKED_BY_OWN_MAX;
        this.blockedAlone[i] = 1;
        continue;
      }
      // The first row and the first pair in the way at everyone's min, or ones that block even alone.
      let row = -1;
      let rowAlone = false;
      let pair = -1;
      let pairAlone = false;
      let brokenAfter = this.broken;
      for (let k = start[i] ?? 0; k < (start[i + 1] ?? 0); k++) {
        const id = ids[k] ?? 0;
        const cap = (capacity[id] ?? 0) + EPS;
        const added = (coefs[k] ?? 0) * floor;
        const after = (load[id] ?? 0) + added > cap;
        // Rows are never over for the admitted set; only pairs can be (see Support).
        if (id >= nRows && after !== (load[id] ?? 0) > cap) brokenAfter += after ? 1 : -1;
        if (!after || added <= 0) continue;
        const alone = added > cap;
        if (id < nRows) {
          if (row < 0 || (alone && !rowAlone)) [row, rowAlone] = [id, alone];
        } else if (pair < 0 || (alone && !pairAlone)) [pair, pairAlone] = [id, alone];
      }
      if (row < 0 && brokenAfter === 0) {
        this.admit(i, brokenAfter);
        this.support = undefined; // the all-at-min point holds every limit
        continue;
      }
      if (row < 0 && this.admitsWithSupport(i, brokenAfter)) continue;
      const [blocker, alone] =
        row >= 0 ? [row, rowAlone] : pair >= 0 ? [pair, pairAlone] : [this.firstBrokenPair(i), false];
      this.blockerKind[i] = blocker < nRows ? BLOCKED_BY_ROW : BLOCKED_BY_PAIR;
      this.blockerRef[i] = blocker < nRows ? blocker : blocker - nRows;
      this.blockedAlone[i] = alone ? 1 : 0;
    }
    const { admitted, blockerKind, blockerRef, blockedAlone } = this;
    return { admitted, blockerKind, blockerRef, blockedAlone, support: this.support?.amps };
  }

  private admit(i: number, brokenAfter: number): void {
    const { start, ids, coefs, min } = this.problem.incidence;
    this.admitted[i] = 1;
    this.broken = brokenAfter;
    for (let k = start[i] ?? 0; k < (start[i + 1] ?? 0); k++) {
      const id = ids[k] ?? 0;
      this.load[id] = (this.load[id] ?? 0) + (coefs[k] ?? 0) * (min[i] ?? 0);
    }
  }

  /**
   * Everyone at min breaks a pair: is there a whole-amp point with CP i, others raised? Cheapest
   * first — i at min on top of the last support point; then only i's DLM network moves (everyone
   * else held); then proof of none from i's network alone (the site's limits left out: a
   * relaxation); then the whole site.
   */
  private admitsWithSupport(i: number, brokenAfter: number): boolean {
    const { problem, admitted } = this;
    const { min, max } = problem.incidence;
    if (this.support?.fits(i) === true) {
      this.admit(i, brokenAfter);
      this.support.add(i);
      return true;
    }
    const kind = refusalKey(problem, i);
    if (this.refused.has(kind)) return false;
    // The support point, or everyone at min where that holds every limit (all before i).
    const at = this.support?.amps ?? Int32Array.from(min, (m, j) => (admitted[j] === 1 ? m : 0));
    const hint = at.slice();
    hint[i] = min[i] ?? 0;
    const network = (this.networks ??= demandNetworks(problem));
    const local = Uint8Array.from(admitted, (a, j) => (a === 1 && network[j] === network[i] ? 1 : 0));
    local[i] = 1;
    const near = wholeAmpPoint(problem, min, max, local, { fixed: at, hint });
    const alone =
      near.kind === 'feasible'
        ? near
        : wholeAmpPoint(problem, min, max, local, { hint, dropped: (id) => isSiteLimit(problem, id) });
    const open = admitted.slice();
    open[i] = 1;
    const answer =
      alone.kind === 'infeasible' || near.kind === 'feasible'
        ? alone
        : wholeAmpPoint(problem, min, max, open, { hint });
    if (answer.kind === 'feasible') {
      this.admit(i, brokenAfter);
      this.support = new Support(problem, answer.amps);
      return true;
    }
    // 'unknown' (past the size bound) pauses it too: never admit without a feasible point.
    if (answer.kind === 'infeasible') this.refused.add(kind);
    return false;
  }

  /** The first imbalance pair the all-at-min point breaks with CP i added (what the report names). */
  private firstBrokenPair(i: number): number {
    const { problem } = this;
    const { start, ids, coefs, capacity, min } = problem.incidence;
    const withI = this.load.slice();
    for (let k = start[i] ?? 0; k < (start[i + 1] ?? 0); k++)
      withI[ids[k] ?? 0] = (withI[ids[k] ?? 0] ?? 0) + (coefs[k] ?? 0) * (min[i] ?? 0);
    for (let id = problem.nRows; id < withI.length; id++)
      if ((withI[id] ?? 0) > (capacity[id] ?? 0) + EPS) return id;
    return problem.nRows;
  }
}

/** A limit of the site itself: its rows, or its imbalance pairs (imbalanceLimitA). */
function isSiteLimit(problem: Problem, id: number): boolean {
  if (id < problem.nRows) return nodeOfRow(id) === 0;
  return (problem.nodes.network[problem.pairs[id - problem.nRows]?.nodeIndex ?? 0] ?? -1) < 0;
}

/** A whole-amp point of the admitted set that holds every limit, and its loads. */
class Support {
  readonly load: Float64Array;
  constructor(
    private readonly problem: Problem,
    readonly amps: Int32Array,
  ) {
    this.load = limitLoads(problem.incidence, Float64Array.from(amps));
  }

  /** Does it still hold every limit with CP i added at its min? */
  fits(i: number): boolean {
    const { start, ids, coefs, capacity, min } = this.problem.incidence;
    for (let k = start[i] ?? 0; k < (start[i + 1] ?? 0); k++) {
      const id = ids[k] ?? 0;
      if ((this.load[id] ?? 0) + (coefs[k] ?? 0) * (min[i] ?? 0) > (capacity[id] ?? 0) + EPS) return false;
    }
    return true;
  }

  add(i: number): void {
    const { start, ids, coefs, min } = this.problem.incidence;
    this.amps[i] = min[i] ?? 0;
    for (let k = start[i] ?? 0; k < (start[i + 1] ?? 0); k++) {
      const id = ids[k] ?? 0;
      this.load[id] = (this.load[id] ?? 0) + (coefs[k] ?? 0) * (min[i] ?? 0);
    }
  }
}

/** Each demand's DLM network (node index), from its rows. */
function demandNetworks(problem: Problem): Int32Array {
  const { start, ids } = problem.incidence;
  const out = new Int32Array(problem.demands.count).fill(-1);
  for (let i = 0; i < out.length; i++)
    for (let k = start[i] ?? 0; k < (start[i + 1] ?? 0) && out[i] === -1; k++) {
      const id = ids[k] ?? 0;
      if (id < problem.nRows) out[i] = problem.nodes.network[nodeOfRow(id)] ?? -1;
    }
  return out;
}

/** CPs with the same bounds and limits get the same answer from the exact check. */
function refusalKey(problem: Problem, i: number): string {
  const { start, ids, coefs, min, max } = problem.incidence;
  let key = `${min[i]}/${max[i]}`;
  for (let k = start[i] ?? 0; k < (start[i + 1] ?? 0); k++) key += `/${ids[k]}:${coefs[k]}`;
  return key;
}
