// Flattens the input tree into rows (node × grid phase) and imbalance pairs, the engine's working form.
import type { LimitSource } from './limits';
import { networkLimits } from './limits';
import { orderByKey } from './order';
import type { GridPhase } from './phases';
import { GRID_PHASES, loadedGridPhases } from './phases';
import type { AllocationInput, ChargePoint, PhaseVector } from './schema';

export const NODE_KINDS = ['site', 'dlmNetwork', 'supplyLine'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];
const SITE = 0;
const DLM_NETWORK = 1;
const SUPPLY_LINE = 2;

/** A row's limit source is stored as its index here. */
export const LIMIT_SOURCES: readonly LimitSource[] = [
  'mainConnection',
  'subDistribution',
  'downgrade',
  'operator',
  'externalMeter',
  'supplyLine',
];
const MAIN_CONNECTION_SOURCE = LIMIT_SOURCES.indexOf('mainConnection');
const SUPPLY_LINE_SOURCE = LIMIT_SOURCES.indexOf('supplyLine');

/**
 * The nodes of the tree (site, DLM networks, supply lines) in input order, as columns: no object per
 * node or row — at 10,000 CPs (≈2,000 nodes, 6,000 rows) V8 pretenured such objects, and making them
 * took about a third of allocate()'s time (CPU profile). Node k's limit on grid phase p is row 3k + p
 * (see rowOf): Σ current of the CPs under the node loading phase p ≤ capacity[3k + p].
 */
export interface Nodes {
  readonly count: number;
  readonly ids: readonly string[];
  /** Index into NODE_KINDS. */
  readonly kind: Uint8Array;
  /** Per row: index into LIMIT_SOURCES. */
  readonly rowSource: Uint8Array;
  /** Per row: non-EV load at the node's meter point [A] (DLM networks with an external meter). */
  readonly externalLoad: Float64Array;
  /** Per node: its DLM network's node index (itself for a network, the parent for a line; −1: the site). */
  readonly network: Int32Array;
}

/** Slack for floating-point limits (meter averages): 1 µA. */
export const EPS = 1e-6;

/** The row of node k's limit on grid phase p. */
export const rowOf = (node: number, phase: GridPhase): number => 3 * node + phase;
/** The node and grid phase of row r. */
export const nodeOfRow = (row: number): number => (row / 3) | 0;
export const phaseOfRow = (row: number): GridPhase => (row % 3) as GridPhase;

/**
 * Imbalance at a node: load(heavy) − load(light) ≤ rhs, as Σ coef·current ≤ rhs over the EVs under
 * it — §8 at a DLM network (rhs counts the meter's external load), or a node's imbalanceLimitA.
 */
export interface ImbalancePair {
  readonly nodeIndex: number;
  readonly heavy: GridPhase;
  readonly light: GridPhase;
  readonly rhs: number;
}

/** What caps a demand's max current; a demand stores its index in DEMAND_CAPS. */
export const DEMAND_CAPS = ['ownMax', 'evDemand', 'evSuspended'] as const;
export type DemandCap = (typeof DEMAND_CAPS)[number];

/**
 * The CPs with an EV that wants current, in Fair Trade (FIFO) order, as columns (no object per
 * demand, for the same reason as Nodes: objects that live through allocate() cost young-generation
 * GC work that grows faster than n). Min and max current are in the Incidence.
 */
export interface Demands {
  readonly count: number;
  /** The CP's id. */
  readonly ids: readonly string[];
  /** Index into DEMAND_CAPS. */
  readonly maxSource: Uint8Array;
  /** Grid phases the EV loads: bit p set for grid phase p (see phaseMaskOf). */
  readonly phaseMask: Uint8Array;
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

/** Σ coef·current of every limit (rows, then pairs) at the given current per demand. */
export function limitLoads(inc: Incidence, current: Float64Array): Float64Array {
  const load = new Float64Array(inc.capacity.length);
  for (let i = 0; i < current.length; i++)
    for (let k = inc.start[i] ?? 0; k < (inc.start[i + 1] ?? 0); k++) {
      const id = inc.ids[k] ?? 0;
      load[id] = (load[id] ?? 0) + (inc.coefs[k] ?? 0) * (current[i] ?? 0);
    }
  return load;
}

export interface Problem {
  /** Capacities: rows (3 per node, see rowOf), then pairs. */
  readonly incidence: Incidence;
  readonly nodes: Nodes;
  /** Number of rows: 3 × nodes.count. Limit ids ≥ nRows are imbalance pairs. */
  readonly nRows: number;
  readonly pairs: readonly ImbalancePair[];
  /** Every CP of the input in input order (ids), and its demand index; −1 when no EV wants current. */
  readonly chargePointIds: readonly string[];
  readonly demandOf: Int32Array;
  /** CPs that want current, in Fair Trade (FIFO) order: plug-in time, then id. */
  readonly demands: Demands;
}

/** Measured draw this far (A) below the offer means the EV does not take what it is offered. */
export const UNUSED_CURRENT_MARGIN = 2;

const OWN_MAX = DEMAND_CAPS.indexOf('ownMax');
const EV_DEMAND = DEMAND_CAPS.indexOf('evDemand');
const EV_SUSPENDED = DEMAND_CAPS.indexOf('evSuspended');

/** Bit mask of grid phases (bit p = grid phase p). */
export function phaseMaskOf(phases: readonly GridPhase[]): number {
  let mask = 0;
  for (const p of phases) mask |= 1 << p;
  return mask;
}

/** Min and max current of demand d, and what caps the max, written into the draft's columns. */
function writeDemandLimits(
  cp: ChargePoint,
  ev: NonNullable<ChargePoint['ev']>,
  d: DemandDraft,
  at: number,
): void {
  const max = Math.min(cp.ratedCurrent, cp.cableCurrent ?? Infinity, ev.maxCurrent ?? Infinity);
  d.min[at] = ev.minCurrent;
  d.max[at] = max;
  d.maxSource[at] = OWN_MAX;
  // An EV that paused itself keeps only its minimum, so it can resume (IEC 61851 PWM ≥ 6 A).
  if (ev.state === 'suspendedEv') {
    d.max[at] = Math.min(ev.minCurrent, max);
    d.maxSource[at] = EV_SUSPENDED;
    return;
  }
  const measured = ev.measuredCurrent;
  const drawn = Math.max(measured[0], measured[1], measured[2]);
  const offered = ev.offeredCurrent;
  if (ev.state === 'charging' && offered !== undefined && drawn < offered - UNUSED_CURRENT_MARGIN) {
    // §7: current released by the vehicle goes to the others; keep 1 A above its draw.
    const demand = Math.max(ev.minCurrent, Math.ceil(drawn) + 1);
    if (demand < max) {
      d.max[at] = demand;
      d.maxSource[at] = EV_DEMAND;
    }
  }
}

/** Demands in arrival (input) order, before the FIFO sort. */
class DemandDraft {
  readonly ids: string[];
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly maxSource: Uint8Array;
  readonly phaseMask: Uint8Array;
  readonly pluggedInAt: Float64Array;
  /** The grid phases the EV loads, in the CP's phase order (shared lists of loadedGridPhases). */
  readonly phases: (readonly GridPhase[])[];
  /** Its DLM network and supply line (node indices). */
  readonly network: Int32Array;
  readonly line: Int32Array;
  /** Per demand, PAIR_GROUPS slots: the first imbalance pair of its site, network, line (−1: none). */
  readonly firstPairs: Int32Array;
  /** Its number of incidence entries (3 rows per loaded phase, plus the pairs it loads unevenly). */
  readonly entries: Uint8Array;
  count = 0;
  constructor(capacity: number) {
    this.ids = new Array<string>(capacity);
    this.min = new Float64Array(capacity);
    this.max = new Float64Array(capacity);
    this.maxSource = new Uint8Array(capacity);
    this.phaseMask = new Uint8Array(capacity);
    this.pluggedInAt = new Float64Array(capacity);
    this.phases = new Array<readonly GridPhase[]>(capacity);
    this.network = new Int32Array(capacity);
    this.line = new Int32Array(capacity);
    this.firstPairs = new Int32Array(PAIR_GROUPS * capacity).fill(-1);
    this.entries = new Uint8Array(capacity);
  }
}

/** Pair g's coefficient for an EV loading `phases`: +1 on its heavy phase only, −1 on its light only. */
function pairCoef(pair: ImbalancePair | undefined, phases: readonly GridPhase[]): number {
  return pair === undefined ? 0 : Number(phases.includes(pair.heavy)) - Number(phases.includes(pair.light));
}

/** Imbalance pairs per node with a limit (one per ordered pair of phases). */
const PAIRS_PER_NODE = 6;
/** Nodes above a CP that can hold an imbalance limit: site, DLM network, supply line. */
const PAIR_GROUPS = 3;

/**
 * The rhs of an imbalance pair heavy − light at a node: §8's limit (when on) counts the meter's
 * external load — where that alone exceeds the limit, EVs must not widen the gap (rhs clamped to 0);
 * the node's imbalanceLimitA holds on the EV load alone. Both apply: the tighter wins.
 */
function pairRhs(
  heavy: GridPhase,
  light: GridPhase,
  section8: { limit: number; external: PhaseVector } | undefined,
  limitA: number | undefined,
): number {
  const s8 =
    section8 === undefined ? Infinity : section8.limit + section8.external[light] - section8.external[heavy];
  return Math.max(0, Math.min(s8, limitA ?? Infinity));
}

class ProblemBuilder {
  readonly ids: string[];
  readonly kind: Uint8Array;
  readonly rowSource: Uint8Array;
  readonly externalLoad: Float64Array;
  readonly capacity: Float64Array;
  readonly network: Int32Array;
  readonly pairs: ImbalancePair[] = [];
  count = 0;

  constructor(nodes: number) {
    this.ids = new Array<string>(nodes);
    this.kind = new Uint8Array(nodes);
    this.network = new Int32Array(nodes).fill(-1);
    this.rowSource = new Uint8Array(3 * nodes);
    this.externalLoad = new Float64Array(3 * nodes);
    this.capacity = new Float64Array(3 * nodes);
  }

  addNode(
    id: string,
    kind: number,
    capacity: PhaseVector,
    source: (p: GridPhase) => number,
    network = -1,
  ): number {
    const node = this.count++;
    this.ids[node] = id;
    this.kind[node] = kind;
    this.network[node] = kind === DLM_NETWORK ? node : network;
    for (const p of GRID_PHASES) {
      this.capacity[rowOf(node, p)] = capacity[p];
      this.rowSource[rowOf(node, p)] = source(p);
    }
    return node;
  }

  setExternalLoad(node: number, external: PhaseVector): void {
    for (const p of GRID_PHASES) this.externalLoad[rowOf(node, p)] = external[p];
  }

  /** The node's PAIRS_PER_NODE imbalance pairs; returns the first pair's index, −1 without a limit. */
  addImbalance(
    nodeIndex: number,
    section8: { limit: number; external: PhaseVector } | undefined,
    limitA: number | undefined,
  ): number {
    if (section8 === undefined && limitA === undefined) return -1;
    const first = this.pairs.length;
    for (const heavy of GRID_PHASES)
      for (const light of GRID_PHASES)
        if (heavy !== light)
          this.pairs.push({ nodeIndex, heavy, light, rhs: pairRhs(heavy, light, section8, limitA) });
    return first;
  }

  nodes(): Nodes {
    const { count, ids, kind, rowSource, externalLoad, network } = this;
    return { count, ids, kind, rowSource, externalLoad, network };
  }
}

export function buildProblem(input: AllocationInput): Problem {
  let count = 0;
  let nodeCount = 1 + input.dlmNetworks.length;
  for (const network of input.dlmNetworks)
    for (const line of network.supplyLines) {
      nodeCount++;
      count += line.chargePoints.length;
    }
  const b = new ProblemBuilder(nodeCount);
  b.addNode(input.siteId, SITE, input.mainConnectionLimit, () => MAIN_CONNECTION_SOURCE);
  const sitePairs = b.addImbalance(0, undefined, input.imbalanceLimitA);
  const demands = new DemandDraft(count);
  const chargePointIds = new Array<string>(count);
  const demandOf = new Int32Array(count);
  let c = 0;
  for (const network of input.dlmNetworks) {
    const limits = networkLimits(network);
    const net = b.addNode(network.id, DLM_NETWORK, limits.capacity, (p) =>
      LIMIT_SOURCES.indexOf(limits.source[p]),
    );
    b.setExternalLoad(net, limits.externalLoad);
    const imbalance = network.imbalancePrevention;
    const section8 = imbalance.enabled
      ? { limit: imbalance.limit, external: limits.externalLoad }
      : undefined;
    const networkPairs = b.addImbalance(net, section8, network.imbalanceLimitA);
    for (const line of network.supplyLines) {
      const lineNode = b.addNode(line.id, SUPPLY_LINE, line.limit, () => SUPPLY_LINE_SOURCE, net);
      const linePairs = b.addImbalance(lineNode, undefined, line.imbalanceLimitA);
      const firstPairs = [sitePairs, networkPairs, linePairs];
      const anyPairs = sitePairs >= 0 || networkPairs >= 0 || linePairs >= 0;
      for (const cp of line.chargePoints) {
        const state = cp.ev?.state;
        const wants = state === 'charging' || state === 'ready' || state === 'suspendedEv';
        chargePointIds[c] = cp.id;
        demandOf[c++] = wants ? demands.count : -1;
        if (!wants || cp.ev === undefined) continue;
        const phases = loadedGridPhases(cp);
        let entries = 3 * phases.length;
        if (anyPairs)
          for (const first of firstPairs)
            for (let g = first; first >= 0 && g < first + PAIRS_PER_NODE; g++)
              if (pairCoef(b.pairs[g], phases) !== 0) entries++;
        const at = demands.count++;
        demands.ids[at] = cp.id;
        demands.phases[at] = phases;
        demands.network[at] = net;
        demands.line[at] = lineNode;
        if (anyPairs) demands.firstPairs.set(firstPairs, PAIR_GROUPS * at);
        demands.entries[at] = entries;
        demands.phaseMask[at] = phaseMaskOf(phases);
        demands.pluggedInAt[at] = cp.ev.pluggedInAt;
        writeDemandLimits(cp, cp.ev, demands, at);
      }
    }
  }
  return fifoOrdered(b, chargePointIds, demandOf, demands);
}

/**
 * Demand indices in Fair Trade (FIFO) order: plug-in time (orderByKey, no comparator calls), then id
 * — ids are compared only among EVs plugged in at the same time.
 */
function fifoOrder(demands: DemandDraft): Int32Array {
  const { order, groupStart } = orderByKey(demands.pluggedInAt.subarray(0, demands.count));
  const byId = (x: number, y: number): number => {
    const a = demands.ids[x] ?? '';
    const b = demands.ids[y] ?? '';
    return a < b ? -1 : a > b ? 1 : 0;
  };
  for (let r = 0; r + 1 < groupStart.length; r++)
    if ((groupStart[r + 1] ?? 0) - (groupStart[r] ?? 0) > 1)
      order.subarray(groupStart[r], groupStart[r + 1]).sort(byId);
  return order;
}

function fifoOrdered(
  b: ProblemBuilder,
  chargePointIds: string[],
  demandOf: Int32Array,
  unordered: DemandDraft,
): Problem {
  const n = unordered.count;
  const order = fifoOrder(unordered);
  const rank = new Int32Array(n);
  const ids = new Array<string>(n);
  const maxSource = new Uint8Array(n);
  const phaseMask = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const from = order[r] ?? 0;
    rank[from] = r;
    ids[r] = unordered.ids[from] ?? '';
    maxSource[r] = unordered.maxSource[from] ?? 0;
    phaseMask[r] = unordered.phaseMask[from] ?? 0;
  }
  for (let c = 0; c < demandOf.length; c++) {
    const d = demandOf[c] ?? -1;
    if (d >= 0) demandOf[c] = rank[d] ?? -1;
  }
  const incidence = buildIncidence(b, unordered, order);
  const demands: Demands = { count: n, ids, maxSource, phaseMask };
  const nodes = b.nodes();
  return { incidence, nodes, nRows: 3 * nodes.count, pairs: b.pairs, chargePointIds, demandOf, demands };
}

/** Each demand's limits in FIFO order (rows of its site, network and line per loaded phase, then pairs). */
function buildIncidence(b: ProblemBuilder, unordered: DemandDraft, arrival: Int32Array): Incidence {
  const nRows = 3 * b.count;
  const n = unordered.count;
  const capacity = new Float64Array(nRows + b.pairs.length);
  capacity.set(b.capacity);
  b.pairs.forEach((g, id) => (capacity[nRows + id] = g.rhs));
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = (start[i] ?? 0) + (unordered.entries[arrival[i] ?? 0] ?? 0);
  const ids = new Int32Array(start[n] ?? 0);
  const coefs = new Float64Array(start[n] ?? 0);
  const min = new Float64Array(n);
  const max = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const from = arrival[i] ?? 0;
    const net = unordered.network[from] ?? 0;
    const line = unordered.line[from] ?? 0;
    const phases = unordered.phases[from] ?? [];
    for (const p of phases) {
      ids[k] = rowOf(0, p); // the site is node 0
      coefs[k++] = 1;
      ids[k] = rowOf(net, p);
      coefs[k++] = 1;
      ids[k] = rowOf(line, p);
      coefs[k++] = 1;
    }
    for (let slot = 0; slot < PAIR_GROUPS && b.pairs.length > 0; slot++) {
      const first = unordered.firstPairs[PAIR_GROUPS * from + slot] ?? -1;
      for (let g = first; first >= 0 && g < first + PAIRS_PER_NODE; g++) {
        const coef = pairCoef(b.pairs[g], phases);
        if (coef === 0) continue;
        ids[k] = nRows + g;
        coefs[k++] = coef;
      }
    }
    min[i] = unordered.min[from] ?? 0;
    max[i] = unordered.max[from] ?? 0;
  }
  return { capacity, start, ids, coefs, min, max };
}
