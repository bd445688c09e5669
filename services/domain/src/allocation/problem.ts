// Flattens the input tree into rows (node × grid phase) and imbalance pairs, the engine's working form.
import type { LimitSource } from './limits';
import { networkLimits } from './limits';
import type { GridPhase } from './phases';
import { GRID_PHASES, loadedGridPhases } from './phases';
import type { AllocationInput, ChargePoint, PerPhaseAmps } from './schema';

export type NodeKind = 'site' | 'dlmNetwork' | 'supplyLine';

/** One per-phase limit of one node: Σ current of the CPs under it loading `phase` ≤ capacity. */
export interface Row {
  readonly nodeIndex: number;
  readonly phase: GridPhase;
  readonly capacity: number;
  readonly source: LimitSource;
}

/** §8 imbalance at a DLM network: load(heavy) − load(light) ≤ rhs, as Σ coef·current ≤ rhs. */
export interface ImbalancePair {
  readonly nodeIndex: number;
  readonly heavy: GridPhase;
  readonly light: GridPhase;
  readonly rhs: number;
}

export interface Node {
  readonly id: string;
  readonly kind: NodeKind;
  /** Row index of each grid phase of this node. */
  readonly rows: readonly [number, number, number];
  readonly externalLoad: PerPhaseAmps;
  readonly imbalanceLimit: number | undefined;
}

export type DemandCap = 'ownMax' | 'evDemand' | 'evSuspended';

/** A CP with an EV that wants current. */
export interface Demand {
  readonly id: string;
  readonly min: number;
  readonly max: number;
  readonly maxSource: DemandCap;
  readonly gridPhases: readonly GridPhase[];
  readonly pluggedInAt: number;
}

/**
 * Rows and pairs as one list of limits Σ coef·current ≤ capacity (ids: rows first, then pairs),
 * with each demand's incidence in compressed form: its limits are ids[start[i] .. start[i+1]).
 * The hot loops of admission, fair share and whole amps run on these flat arrays.
 */
export interface Incidence {
  readonly capacity: Float64Array;
  readonly start: Int32Array;
  readonly ids: Int32Array;
  readonly coefs: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
}

export interface Problem {
  readonly incidence: Incidence;
  readonly nodes: readonly Node[];
  readonly rows: readonly Row[];
  readonly pairs: readonly ImbalancePair[];
  /** Every CP of the input in input order (ids), and its demand index; −1 when no EV wants current. */
  readonly chargePointIds: readonly string[];
  readonly demandOf: Int32Array;
  /** CPs that want current, in Fair Trade (FIFO) order: plug-in time, then id. */
  readonly demands: readonly Demand[];
}

/** Measured draw this far (A) below the offer means the EV does not take what it is offered. */
export const UNUSED_CURRENT_MARGIN = 2;

function demandLimits(cp: ChargePoint): { min: number; max: number; maxSource: DemandCap } {
  const ev = cp.ev;
  if (ev === undefined) return { min: 0, max: 0, maxSource: 'ownMax' };
  const max = Math.min(cp.ratedCurrent, cp.cableCurrent ?? Infinity, ev.maxCurrent ?? Infinity);
  // An EV that paused itself keeps only its minimum, so it can resume (IEC 61851 PWM ≥ 6 A).
  if (ev.state === 'suspendedEv') {
    return { min: ev.minCurrent, max: Math.min(ev.minCurrent, max), maxSource: 'evSuspended' };
  }
  const measured = ev.measuredCurrent;
  const drawn = Math.max(measured[0], measured[1], measured[2]);
  const offered = ev.offeredCurrent;
  if (ev.state === 'charging' && offered !== undefined && drawn < offered - UNUSED_CURRENT_MARGIN) {
    // §7: current released by the vehicle goes to the others; keep 1 A above its draw.
    const demand = Math.max(ev.minCurrent, Math.ceil(drawn) + 1);
    if (demand < max) return { min: ev.minCurrent, max: demand, maxSource: 'evDemand' };
  }
  return { min: ev.minCurrent, max, maxSource: 'ownMax' };
}

class ProblemBuilder {
  readonly nodes: Node[] = [];
  readonly rows: Row[] = [];
  readonly pairs: ImbalancePair[] = [];

  addNode(id: string, kind: NodeKind, capacity: PerPhaseAmps, sources: readonly LimitSource[]): number {
    const nodeIndex = this.nodes.length;
    const first = this.rows.length;
    for (const p of GRID_PHASES)
      this.rows.push({ nodeIndex, phase: p, capacity: capacity[p], source: sources[p] ?? 'supplyLine' });
    this.nodes.push({
      id,
      kind,
      rows: [first, first + 1, first + 2],
      externalLoad: [0, 0, 0],
      imbalanceLimit: undefined,
    });
    return nodeIndex;
  }

  /** External load that already exceeds the limit: EVs must not widen that gap (rhs clamped to 0). */
  addImbalance(nodeIndex: number, limit: number, external: PerPhaseAmps): number[] {
    const node = this.nodes[nodeIndex];
    if (node !== undefined)
      this.nodes[nodeIndex] = { ...node, externalLoad: external, imbalanceLimit: limit };
    const ids: number[] = [];
    for (const heavy of GRID_PHASES)
      for (const light of GRID_PHASES) {
        if (heavy === light) continue;
        ids.push(this.pairs.length);
        this.pairs.push({
          nodeIndex,
          heavy,
          light,
          rhs: Math.max(0, limit + external[light] - external[heavy]),
        });
      }
    return ids;
  }
}

/** Limits of each CP in arrival order, before the FIFO sort (flat typed arrays, see Incidence). */
class IncidenceDraft {
  readonly start: Int32Array;
  readonly ids: Int32Array;
  readonly coefs: Float64Array;
  length = 0;
  private cps = 0;
  constructor(chargePoints: number, entries: number) {
    this.start = new Int32Array(chargePoints + 1);
    this.ids = new Int32Array(entries);
    this.coefs = new Float64Array(entries);
  }
  add(id: number, coef: number): void {
    this.ids[this.length] = id;
    this.coefs[this.length++] = coef;
  }
  close(): void {
    this.start[++this.cps] = this.length;
  }
}

export function buildProblem(input: AllocationInput): Problem {
  const b = new ProblemBuilder();
  const main = ['mainConnection', 'mainConnection', 'mainConnection'] as const;
  const site = b.addNode(input.siteId, 'site', input.mainConnectionLimit, main);
  const demands: Demand[] = [];
  let count = 0;
  let entries = 0;
  for (const network of input.dlmNetworks)
    for (const line of network.supplyLines) {
      count += line.chargePoints.length;
      // 3 levels × 3 phases of rows, and up to 6 imbalance pairs where §8 prevention is on.
      entries += line.chargePoints.length * (network.imbalancePrevention.enabled ? 15 : 9);
    }
  const draft = new IncidenceDraft(count, entries);
  const chargePointIds = new Array<string>(count);
  const demandOf = new Int32Array(count);
  let c = 0;
  for (const network of input.dlmNetworks) {
    const limits = networkLimits(network);
    const net = b.addNode(network.id, 'dlmNetwork', limits.capacity, limits.source);
    const imbalance = network.imbalancePrevention;
    const pairIds = imbalance.enabled ? b.addImbalance(net, imbalance.limit, limits.externalLoad) : [];
    for (const line of network.supplyLines) {
      const lineNode = b.addNode(line.id, 'supplyLine', line.limit, [
        'supplyLine',
        'supplyLine',
        'supplyLine',
      ]);
      const ancestorRows = [
        b.nodes[site]?.rows ?? [0, 0, 0],
        b.nodes[net]?.rows ?? [0, 0, 0],
        b.nodes[lineNode]?.rows ?? [0, 0, 0],
      ];
      for (const cp of line.chargePoints) {
        const state = cp.ev?.state;
        const wants = state === 'charging' || state === 'ready' || state === 'suspendedEv';
        chargePointIds[c] = cp.id;
        demandOf[c++] = wants ? demands.length : -1;
        if (!wants || cp.ev === undefined) continue;
        const phases = loadedGridPhases(cp);
        for (const nodeRows of ancestorRows) for (const p of phases) draft.add(nodeRows[p], 1);
        for (const g of pairIds) {
          const pair = b.pairs[g];
          const coef =
            pair === undefined
              ? 0
              : Number(phases.includes(pair.heavy)) - Number(phases.includes(pair.light));
          if (coef !== 0) draft.add(-1 - g, coef); // pair ids are placed after all rows, once known
        }
        draft.close();
        const { min, max, maxSource } = demandLimits(cp);
        demands.push({ id: cp.id, min, max, maxSource, gridPhases: phases, pluggedInAt: cp.ev.pluggedInAt });
      }
    }
  }
  return fifoOrdered(b, chargePointIds, demandOf, demands, draft);
}

/**
 * Demand indices in Fair Trade (FIFO) order: plug-in time, then id. A native sort of the distinct
 * plug-in times and a counting sort by their rank (no comparator calls); ids are compared only among
 * EVs plugged in at the same time.
 */
function fifoOrder(demands: readonly Demand[]): Int32Array {
  const n = demands.length;
  const at = new Float64Array(n);
  for (let i = 0; i < n; i++) at[i] = demands[i]?.pluggedInAt ?? 0;
  const times = at.slice().sort();
  let m = 0;
  for (let i = 0; i < n; i++) if (i === 0 || times[i] !== times[m - 1]) times[m++] = times[i] ?? 0;
  const rankOf = new Int32Array(n);
  const first = new Int32Array(m + 1);
  for (let i = 0; i < n; i++) {
    const t = at[i] ?? 0;
    let lo = 0;
    let hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((times[mid] ?? 0) < t) lo = mid + 1;
      else hi = mid;
    }
    rankOf[i] = lo;
    first[lo + 1] = (first[lo + 1] ?? 0) + 1;
  }
  for (let r = 0; r < m; r++) first[r + 1] = (first[r + 1] ?? 0) + (first[r] ?? 0);
  const order = new Int32Array(n);
  const fill = first.slice(0, m);
  for (let i = 0; i < n; i++) {
    const r = rankOf[i] ?? 0;
    const k = fill[r] ?? 0;
    order[k] = i;
    fill[r] = k + 1;
  }
  const byId = (x: number, y: number): number => {
    const a = demands[x]?.id ?? '';
    const b = demands[y]?.id ?? '';
    return a < b ? -1 : a > b ? 1 : 0;
  };
  for (let r = 0; r < m; r++)
    if ((first[r + 1] ?? 0) - (first[r] ?? 0) > 1) order.subarray(first[r], first[r + 1]).sort(byId);
  return order;
}

function fifoOrdered(
  b: ProblemBuilder,
  chargePointIds: string[],
  demandOf: Int32Array,
  unordered: Demand[],
  draft: IncidenceDraft,
): Problem {
  const n = unordered.length;
  const order = fifoOrder(unordered);
  const rank = new Int32Array(n);
  const demands: Demand[] = new Array<Demand>(n);
  for (let r = 0; r < n; r++) {
    const from = order[r] ?? 0;
    rank[from] = r;
    const d = unordered[from];
    if (d !== undefined) demands[r] = d;
  }
  for (let c = 0; c < demandOf.length; c++) {
    const d = demandOf[c] ?? -1;
    if (d >= 0) demandOf[c] = rank[d] ?? -1;
  }

  const incidence = buildIncidence(b, demands, draft, order);
  return { incidence, nodes: b.nodes, rows: b.rows, pairs: b.pairs, chargePointIds, demandOf, demands };
}

function buildIncidence(
  b: ProblemBuilder,
  demands: readonly Demand[],
  draft: IncidenceDraft,
  arrival: Int32Array,
): Incidence {
  const nRows = b.rows.length;
  const capacity = new Float64Array(nRows + b.pairs.length);
  b.rows.forEach((r, id) => (capacity[id] = r.capacity));
  b.pairs.forEach((g, id) => (capacity[nRows + id] = g.rhs));
  const start = new Int32Array(demands.length + 1);
  const ids = new Int32Array(draft.length);
  const coefs = new Float64Array(draft.length);
  const min = new Float64Array(demands.length);
  const max = new Float64Array(demands.length);
  let k = 0;
  for (let i = 0; i < arrival.length; i++) {
    const from = arrival[i] ?? 0;
    for (let j = draft.start[from] ?? 0; j < (draft.start[from + 1] ?? 0); j++, k++) {
      const id = draft.ids[j] ?? 0;
      ids[k] = id >= 0 ? id : nRows - 1 - id;
      coefs[k] = draft.coefs[j] ?? 0;
    }
    start[i + 1] = k;
    min[i] = demands[i]?.min ?? 0;
    max[i] = demands[i]?.max ?? 0;
  }
  return { capacity, start, ids, coefs, min, max };
}
