// Continuous max-min fair share of the admitted CPs: progressive filling ("water-filling") of a
// common level t with per-CP floors (min current) and ceilings (max current). Every limit keeps its
// load as base + k·t (k = rising CPs under it), so the next limit to bind comes off a heap:
// O((n + limits) · log) for n CPs, each touching at most 9 rows and 6 imbalance pairs.
import { EPS } from './problem';
import { EventHeap } from './event-heap';
import { exactFairShare, reasons } from './exact-share';
import { orderByKey } from './order';
import { GRID_PHASES } from './phases';
import type { Incidence, Problem } from './problem';
import { limitLoads, NODE_KINDS, nodeOfRow, rowOf } from './problem';

export const REASON_NONE = 0;
export const REASON_ROW = 1;
export const REASON_PAIR = 2;
export const REASON_MAX = 3;

export interface FairShare {
  /** Continuous fair share per demand (FIFO order) [A]; 0 when not admitted. */
  readonly share: Float64Array;
  /** Why the share stopped rising: REASON_ROW / REASON_PAIR / REASON_MAX, with the row/pair index. */
  readonly reasonKind: Uint8Array;
  readonly reasonRef: Int32Array;
  /** Did an imbalance pair stop anyone in the water-fill? Then exact-share.ts computed the share. */
  readonly pairBound: boolean;
  /** The level t at which a pair first stopped a CP (Infinity when none): below it the fill is exact. */
  readonly pairLevel: number;
}

const WAITING = 0;
const ACTIVE = 1;
const FROZEN = 2;

/** CPs with a positive coefficient in each limit, compressed: members of id are at [start[id], start[id+1]). */
function membersOf(inc: Incidence, open: Uint8Array): { start: Int32Array; list: Int32Array } {
  const start = new Int32Array(inc.capacity.length + 1);
  const n = inc.min.length;
  for (let i = 0; i < n; i++) {
    if (open[i] !== 1) continue;
    for (let k = inc.start[i] ?? 0; k < (inc.start[i + 1] ?? 0); k++)
      if ((inc.coefs[k] ?? 0) > 0) {
        const slot = (inc.ids[k] ?? 0) + 1;
        start[slot] = (start[slot] ?? 0) + 1;
      }
  }
  for (let id = 0; id < inc.capacity.length; id++) start[id + 1] = (start[id + 1] ?? 0) + (start[id] ?? 0);
  const fill = start.slice(0, inc.capacity.length);
  const list = new Int32Array(start[inc.capacity.length] ?? 0);
  for (let i = 0; i < n; i++) {
    if (open[i] !== 1) continue;
    for (let k = inc.start[i] ?? 0; k < (inc.start[i + 1] ?? 0); k++)
      if ((inc.coefs[k] ?? 0) > 0) {
        const id = inc.ids[k] ?? 0;
        const at = fill[id] ?? 0;
        list[at] = i;
        fill[id] = at + 1;
      }
  }
  return { start, list };
}

class WaterFill {
  readonly share: Float64Array;
  readonly reasonKind: Uint8Array;
  readonly reasonRef: Int32Array;
  private readonly state: Uint8Array;
  private readonly base: Float64Array;
  private readonly rising: Float64Array;
  private readonly version: Int32Array;
  private readonly scheduled: Float64Array;
  private readonly dirty: Int32Array;
  private dirtyCount = 0;
  private readonly isDirty: Uint8Array;
  private readonly members: { start: Int32Array; list: Int32Array };
  private readonly heap: EventHeap;
  private readonly nLimits: number;
  t = 0;
  pairBound = false;
  pairLevel = Infinity;

  constructor(
    private readonly inc: Incidence,
    private readonly nRows: number,
    open: Uint8Array,
    private readonly floor: Float64Array,
    previous: FairShare | undefined,
  ) {
    const n = inc.min.length;
    this.nLimits = inc.capacity.length;
    // About one live entry per limit (stale entries are dropped as they surface).
    this.heap = new EventHeap(this.nLimits + 16);
    this.share = previous === undefined ? new Float64Array(n) : previous.share.slice();
    this.reasonKind = previous === undefined ? new Uint8Array(n) : previous.reasonKind.slice();
    this.reasonRef = previous === undefined ? new Int32Array(n) : previous.reasonRef.slice();
    this.state = new Uint8Array(n).fill(FROZEN);
    this.base = new Float64Array(this.nLimits);
    this.rising = new Float64Array(this.nLimits);
    this.version = new Int32Array(this.nLimits);
    this.scheduled = new Float64Array(this.nLimits).fill(Infinity);
    this.isDirty = new Uint8Array(this.nLimits);
    this.dirty = new Int32Array(this.nLimits);
    this.members = membersOf(inc, open);
    for (let i = 0; i < n; i++) {
      if (open[i] === 1) {
        this.state[i] = WAITING;
        this.share[i] = floor[i] ?? 0;
      }
      this.shift(i, this.share[i] ?? 0, 0);
    }
  }

  /** Adds value·coef to the base and rising·coef to the slope of every limit of CP i. */
  private shift(i: number, value: number, rising: number): void {
    const { ids, coefs, start } = this.inc;
    for (let k = start[i] ?? 0; k < (start[i + 1] ?? 0); k++) {
      const id = ids[k] ?? 0;
      const coef = coefs[k] ?? 0;
      this.base[id] = (this.base[id] ?? 0) + coef * value;
      this.rising[id] = (this.rising[id] ?? 0) + coef * rising;
      if (this.isDirty[id] === 1) continue;
      this.isDirty[id] = 1;
      this.dirty[this.dirtyCount++] = id;
    }
  }

  activate(i: number): void {
    if (this.state[i] !== WAITING) return;
    this.state[i] = ACTIVE;
    this.shift(i, -(this.floor[i] ?? 0), 1);
    // Its own max is a separate, pre-sorted event source (see fill), not a heap entry.
    const max = this.inc.max[i] ?? 0;
    if (max <= this.t + EPS) this.freeze(i, max, REASON_MAX, -1);
  }

  freeze(i: number, value: number, kind: number, ref: number): void {
    if (this.state[i] !== ACTIVE) return;
    this.state[i] = FROZEN;
    this.share[i] = value;
    this.reasonKind[i] = kind;
    this.reasonRef[i] = ref;
    this.shift(i, value, -1);
  }

  /** A CP reaches its own max. */
  reachMax(i: number): void {
    this.freeze(i, this.inc.max[i] ?? 0, REASON_MAX, -1);
  }

  /** An event at t: a limit binds and everyone rising under it stops. */
  fire(id: number): void {
    const kind = id < this.nRows ? REASON_ROW : REASON_PAIR;
    const ref = id < this.nRows ? id : id - this.nRows;
    const { start, list } = this.members;
    for (let m = start[id] ?? 0; m < (start[id + 1] ?? 0); m++) {
      const i = list[m] ?? 0;
      if (kind === REASON_PAIR && this.state[i] === ACTIVE && !this.pairBound) {
        this.pairBound = true;
        this.pairLevel = this.t;
      }
      this.freeze(i, this.t, kind, ref);
    }
  }

  /** When limit id binds if nothing else happens: load(t) = base + k·t reaches capacity. */
  private bindTime(id: number): number {
    const k = this.rising[id] ?? 0;
    if (k <= 0) return Infinity;
    return Math.max(this.t, ((this.inc.capacity[id] ?? 0) - (this.base[id] ?? 0)) / k);
  }

  /**
   * A limit's bind time only moves earlier when a CP starts rising under it; freezes move it later.
   * So a new heap entry is pushed only when the time moves earlier, and an entry that pops too early
   * is re-scheduled (lazy key increase): O(log) work per activation, not per freeze.
   */
  flush(): void {
    for (let d = 0; d < this.dirtyCount; d++) {
      const id = this.dirty[d] ?? 0;
      this.isDirty[id] = 0;
      const when = this.bindTime(id);
      if (when < (this.scheduled[id] ?? Infinity)) this.schedule(id, when);
    }
    this.dirtyCount = 0;
  }

  private schedule(id: number, when: number): void {
    const v = (this.version[id] ?? 0) + 1;
    this.version[id] = v;
    this.scheduled[id] = when;
    if (when < Infinity) this.heap.push(when, id, v);
  }

  /** Earliest live event, dropping stale entries and re-scheduling ones that popped too early. */
  nextEventTime(): number {
    while (this.heap.size > 0) {
      const id = this.heap.peekId();
      if (this.version[id] !== this.heap.peekVersion()) {
        this.heap.pop();
        continue;
      }
      const when = this.bindTime(id);
      if (when <= this.heap.peekTime()) break;
      this.heap.pop();
      this.schedule(id, when);
    }
    return this.heap.peekTime();
  }

  popEvent(): number {
    const id = this.heap.peekId();
    this.heap.pop();
    if (id < this.nLimits) this.scheduled[id] = Infinity;
    return id;
  }
}

function fill(problem: Problem, open: Uint8Array, floor: Float64Array, previous?: FairShare): FairShare {
  const { max } = problem.incidence;
  const water = new WaterFill(problem.incidence, problem.nRows, open, floor, previous);
  // Three event sources in time order: activations (floors), own maxes (both pre-sorted), limits (heap).
  const byFloor = orderByKey(floor, open).order;
  const byMax = orderByKey(max, open).order;
  let next = 0;
  let nextMax = 0;
  for (;;) {
    const activationTime = next < byFloor.length ? (floor[byFloor[next] ?? 0] ?? 0) : Infinity;
    const maxTime = nextMax < byMax.length ? (max[byMax[nextMax] ?? 0] ?? 0) : Infinity;
    const eventTime = water.nextEventTime();
    if (activationTime === Infinity && maxTime === Infinity && eventTime === Infinity) break;
    if (activationTime <= eventTime && activationTime <= maxTime) {
      water.t = activationTime;
      while (next < byFloor.length && (floor[byFloor[next] ?? 0] ?? 0) <= water.t)
        water.activate(byFloor[next++] ?? 0);
    } else if (maxTime <= eventTime) {
      water.t = maxTime;
      while (nextMax < byMax.length && (max[byMax[nextMax] ?? 0] ?? 0) <= water.t)
        water.reachMax(byMax[nextMax++] ?? 0);
    } else {
      water.t = eventTime;
      water.fire(water.popEvent());
    }
    water.flush();
  }
  return {
    share: water.share,
    reasonKind: water.reasonKind,
    reasonRef: water.reasonRef,
    pairBound: water.pairBound || previous?.pairBound === true,
    pairLevel: Math.min(water.pairLevel, previous?.pairLevel ?? Infinity),
  };
}

/**
 * For a site too large for one exact LP: without the site's rows the DLM networks are independent,
 * and the leximin order is separable, so the relaxed optimum is each network's own optimum (water-fill
 * where no pair binds there, exact LP where one does). When that holds the site's rows it is also
 * the optimum of the site. Otherwise (or a network alone too large): undefined.
 */
export function decoupledExactShare(
  problem: Problem,
  admitted: Uint8Array,
  support?: Int32Array,
): FairShare | undefined {
  const inc = problem.incidence;
  const capacity = Float64Array.from(inc.capacity);
  const { nodes } = problem;
  for (let node = 0; node < nodes.count; node++)
    if (NODE_KINDS[nodes.kind[node] ?? 0] === 'site')
      for (const p of GRID_PHASES) capacity[rowOf(node, p)] = Infinity;
  // The site's imbalance pairs (imbalanceLimitA) couple the networks like its rows: relaxed too.
  problem.pairs.forEach((g, id) => {
    if ((nodes.network[g.nodeIndex] ?? -1) < 0) capacity[problem.nRows + id] = Infinity;
  });
  const relaxed: Problem = { ...problem, incidence: { ...inc, capacity } };
  const water = fill(relaxed, admitted, inc.min);
  const share = water.share.slice();
  // Each CP's DLM network, from its rows.
  const network = new Int32Array(share.length).fill(-1);
  for (let i = 0; i < share.length; i++)
    for (let k = inc.start[i] ?? 0; k < (inc.start[i + 1] ?? 0); k++) {
      const id = inc.ids[k] ?? 0;
      const node = nodeOfRow(id);
      if (id < problem.nRows && NODE_KINDS[nodes.kind[node] ?? 0] === 'dlmNetwork') network[i] = node;
    }
  const withPairs = new Set(problem.pairs.map((g) => nodes.network[g.nodeIndex] ?? -1));
  withPairs.delete(-1);
  for (const net of withPairs) {
    const mine = Uint8Array.from(admitted, (a, i) => (a === 1 && network[i] === net ? 1 : 0));
    if (!mine.includes(1)) continue;
    // With a support point (admission raised CPs to balance phases), each network's LP starts there.
    const exact =
      support === undefined
        ? exactFairShare(relaxed, mine, water)
        : exactFairShare(relaxed, mine, supportStart(support, mine), Float64Array.from(support));
    if (exact === undefined) return undefined;
    for (let i = 0; i < share.length; i++) if (mine[i] === 1) share[i] = exact.share[i] ?? 0;
  }
  if (!holds(problem, share)) return undefined;
  return { share, ...reasons(problem, admitted, share, water), pairBound: true, pairLevel: water.pairLevel };
}

/** Loads of every limit at `share` within capacity (+EPS)? */
function holds(problem: Problem, share: Float64Array): boolean {
  const inc = problem.incidence;
  const load = limitLoads(inc, share);
  for (let id = 0; id < load.length; id++) if ((load[id] ?? 0) > (inc.capacity[id] ?? 0) + EPS) return false;
  return true;
}

/**
 * The exact routes in order; undefined past the size bound. A numerical failure of the simplex
 * (iteration limit) or a result that breaks a limit by more than EPS also gives way to the fallback:
 * the engine never returns an infeasible share.
 */
function exactOrUndefined(problem: Problem, admitted: Uint8Array, water: FairShare): FairShare | undefined {
  try {
    const exact = decoupledExactShare(problem, admitted) ?? exactFairShare(problem, admitted, water);
    return exact !== undefined && holds(problem, exact.share) ? exact : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Admission raised some CPs above their min to balance the phases (admission.ts `support`): the
 * water-fill cannot start from everyone's min, which breaks a pair. Max-min programming over the
 * whole site starts from the support point instead (a feasible vertex-free start for the simplex);
 * past the size bound, the water-fill from the support point (feasible; fair above it).
 */
function supportedShare(problem: Problem, admitted: Uint8Array, support: Int32Array): FairShare {
  const floor = Float64Array.from(support, (a, i) => (admitted[i] === 1 ? a : 0));
  try {
    const exact =
      decoupledExactShare(problem, admitted, support) ??
      exactFairShare(problem, admitted, supportStart(support, admitted), floor);
    if (exact !== undefined && holds(problem, exact.share)) return exact;
  } catch {
    // numerical failure of the simplex: the fallback below
  }
  const filled = fill(problem, admitted, floor);
  return { ...filled, pairBound: true, pairLevel: 0 };
}

/** The support point as the exact LP's start: no level below which the shares are already fixed. */
function supportStart(support: Int32Array, open: Uint8Array): FairShare {
  return {
    share: Float64Array.from(support, (a, i) => (open[i] === 1 ? a : 0)),
    reasonKind: new Uint8Array(support.length),
    reasonRef: new Int32Array(support.length),
    pairBound: true,
    pairLevel: 0,
  };
}

/** Fallback only (see fairShare): refill rounds give back what a pair froze too early. */
export const IMBALANCE_REFILL_ROUNDS = 8;

/**
 * Engine's choice under §8 imbalance prevention, and what is guaranteed: the share is the exact
 * continuous lexicographic max-min fair allocation of the admitted set, imbalance on or off — except
 * beyond the size bound below.
 * The water-fill above is exact while no imbalance pair stops a CP (`pairBound` false): until then
 * the pairs are slack and every limit is a packing limit. Once a pair binds, the optimum can need
 * light-side CPs above the common level ("support"), paid for by CPs sharing their rows — a trade-off
 * progressive filling does not make. Then max-min programming on the pure-TS simplex (exact-share.ts)
 * finishes it: maximise the common level of the unfrozen CPs, freeze those with a positive dual on
 * x ≥ t or at their max, repeat. First per DLM network with the site's rows left out
 * (decoupledExactShare; kept when the result holds the site's rows), else over the whole site (the
 * networks share the site's rows). All routes are certified against HiGHS to 1e-6 A on every
 * admitted CP (lp-certification.test.ts).
 * Size bound: when the per-network route does not hold the site's rows and one LP for the site would
 * exceed EXACT_MAX_TABLEAU (thousands of admitted CPs), the engine keeps the water-fill with refill
 * rounds instead: feasible, FIFO-exact, the least share equal to the LP's, but not always the optimum
 * above it (a binding pair stops its heavy-side CPs; up to IMBALANCE_REFILL_ROUNDS rounds re-open them
 * as light-side CPs rise).
 */
export function fairShare(problem: Problem, admitted: Uint8Array, support?: Int32Array): FairShare {
  if (support !== undefined) return supportedShare(problem, admitted, support);
  let result = fill(problem, admitted, problem.incidence.min);
  if (!result.pairBound) return result;
  const exact = exactOrUndefined(problem, admitted, result);
  if (exact !== undefined) return exact;
  for (let round = 1; round < IMBALANCE_REFILL_ROUNDS; round++) {
    const reopen = Uint8Array.from(result.reasonKind, (k, i) =>
      admitted[i] === 1 && k === REASON_PAIR ? 1 : 0,
    );
    if (!reopen.includes(1)) break;
    const next = fill(problem, reopen, result.share, result);
    const gained = next.share.some((v, i) => v > (result.share[i] ?? 0) + 1e-9);
    result = next;
    if (!gained) break;
  }
  return result;
}
