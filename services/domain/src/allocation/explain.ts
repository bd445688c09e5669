// The allocation result: whole amps per CP, per-phase load at every node, and why each CP got it.
import type { Admission } from './admission';
import { BLOCKED_BY_OWN_MAX, BLOCKED_BY_PAIR, NOT_BLOCKED } from './admission';
import type { FairShare } from './fair-share';
import { REASON_MAX, REASON_PAIR, REASON_ROW } from './fair-share';
import type { LimitSource } from './limits';
import type { PhaseName } from './phases';
import { PHASE_NAMES } from './phases';
import type { NodeKind, Problem } from './problem';
import { DEMAND_CAPS, LIMIT_SOURCES, NODE_KINDS, nodeOfRow, phaseOfRow, rowOf } from './problem';
import type { PhaseVector } from './schema';

export type LimitRef =
  | { kind: 'nodeLimit'; nodeId: string; phase: PhaseName; source: LimitSource }
  | { kind: 'imbalance'; nodeId: string; heavyPhase: PhaseName; lightPhase: PhaseName };

export type BindingReason =
  /** No EV, or the EV has finished: nothing to allocate. */
  | { kind: 'noEv' }
  /** Charging; a node's phase limit or an imbalance pair stopped its share rising. */
  | LimitRef
  /** Charging at its own max (CP rating, cable, EV). */
  | { kind: 'ownMax' }
  /** Charging; capped just above its measured draw because it does not take what it is offered. */
  | { kind: 'evDemand' }
  /** The EV suspended itself: kept at its minimum so it can resume. */
  | { kind: 'evSuspended' }
  /** Paused: it does not fit at its minimum current even alone (or its max is below its min). */
  | { kind: 'minCurrentAdmission'; blockedBy: LimitRef | { kind: 'ownMax' } }
  /** Paused: it would fit alone, but earlier plug-ins hold the capacity (Fair Trade (FIFO)). */
  | { kind: 'fifo'; blockedBy: LimitRef };

export interface ChargePointAllocation {
  readonly id: string;
  /** Offered current [A], whole amps; 0 = paused. */
  readonly current: number;
  /** The continuous max-min fair share this was rounded from [A]. */
  readonly fairShare: number;
  /** Load per grid phase L1/L2/L3 [A] (shared between CPs with the same current and phases). */
  readonly gridCurrents: Readonly<PhaseVector>;
  readonly reason: BindingReason;
}

export interface NodeLoad {
  readonly id: string;
  readonly kind: NodeKind;
  /** Effective limit per grid phase [A] (for DLM networks after operator, downgrade and meter). */
  readonly limit: PhaseVector;
  /** Allocated EV load per grid phase [A]. */
  readonly load: PhaseVector;
  /** Non-EV load at the meter point per grid phase [A] (DLM networks with an external meter). */
  readonly externalLoad: PhaseVector;
}

export interface AllocationResult {
  /** In input order. */
  readonly chargePoints: readonly ChargePointAllocation[];
  /** Site, DLM networks, supply lines, in input order. */
  readonly nodes: readonly NodeLoad[];
}

function limitRef(problem: Problem, kind: 'row' | 'pair', index: number): LimitRef {
  const { nodes } = problem;
  if (kind === 'row') {
    return {
      kind: 'nodeLimit',
      nodeId: nodes.ids[nodeOfRow(index)] ?? '',
      phase: PHASE_NAMES[phaseOfRow(index)],
      source: LIMIT_SOURCES[nodes.rowSource[index] ?? 0] ?? 'supplyLine',
    };
  }
  const pair = problem.pairs[index];
  return {
    kind: 'imbalance',
    nodeId: nodes.ids[pair?.nodeIndex ?? 0] ?? '',
    heavyPhase: PHASE_NAMES[pair?.heavy ?? 0],
    lightPhase: PHASE_NAMES[pair?.light ?? 0],
  };
}

function pausedReason(
  problem: Problem,
  admission: Admission,
  i: number,
  shared: SharedReasons,
): BindingReason {
  const kind = admission.blockerKind[i] ?? 0;
  const ref = admission.blockerRef[i] ?? 0;
  const alone = admission.blockedAlone[i] ?? 0;
  const key = (ref * 4 + kind) * 2 + alone;
  const known = shared.paused.get(key);
  if (known !== undefined) return known;
  const blockedBy: LimitRef | { kind: 'ownMax' } =
    kind === BLOCKED_BY_OWN_MAX || kind === NOT_BLOCKED
      ? { kind: 'ownMax' }
      : limitRef(problem, kind === BLOCKED_BY_PAIR ? 'pair' : 'row', ref);
  const reason: BindingReason =
    alone === 1 || blockedBy.kind === 'ownMax'
      ? { kind: 'minCurrentAdmission', blockedBy }
      : { kind: 'fifo', blockedBy };
  shared.paused.set(key, reason);
  return reason;
}

function chargingReason(problem: Problem, fair: FairShare, i: number, shared: SharedReasons): BindingReason {
  const kind = fair.reasonKind[i];
  const ref = fair.reasonRef[i] ?? 0;
  if (kind === REASON_ROW) return (shared.rows[ref] ??= limitRef(problem, 'row', ref));
  if (kind === REASON_PAIR) return (shared.pairs[ref] ??= limitRef(problem, 'pair', ref));
  const maxSource = DEMAND_CAPS[problem.demands.maxSource[i] ?? 0] ?? 'ownMax';
  return kind === REASON_MAX ? shared.caps[maxSource] : shared.caps.ownMax;
}

const NO_EV: BindingReason = { kind: 'noEv' };

/** Reasons are read-only and shared: one object per row, pair, cap or blocker (made when first used), not one per CP. */
interface SharedReasons {
  readonly rows: (LimitRef | undefined)[];
  readonly pairs: (LimitRef | undefined)[];
  readonly caps: Readonly<Record<(typeof DEMAND_CAPS)[number], BindingReason>>;
  /** Reasons of paused CPs by blocker (kind, limit, alone). */
  readonly paused: Map<number, BindingReason>;
}

/**
 * Per-phase grid currents, shared read-only within one result: one frozen array per (current,
 * phase mask) pair, not one per CP (whole amps take few values).
 */
class GridCurrents {
  private readonly cache: (Readonly<PhaseVector> | undefined)[] = [];
  static readonly NONE: Readonly<PhaseVector> = Object.freeze([0, 0, 0] as const);
  of(current: number, mask: number): Readonly<PhaseVector> {
    if (current === 0 || mask === 0) return GridCurrents.NONE;
    const key = current * 8 + mask;
    let grid = this.cache[key];
    if (grid === undefined) {
      const fresh: PhaseVector = [0, 0, 0];
      for (let p = 0; p < 3; p++) if ((mask & (1 << p)) !== 0) fresh[p] = current;
      grid = Object.freeze(fresh);
      this.cache[key] = grid;
    }
    return grid;
  }
}

export function explain(
  problem: Problem,
  admission: Admission,
  fair: FairShare,
  amps: Int32Array,
): AllocationResult {
  const shared: SharedReasons = {
    rows: new Array<LimitRef | undefined>(problem.nRows),
    pairs: new Array<LimitRef | undefined>(problem.pairs.length),
    caps: {
      ownMax: { kind: 'ownMax' },
      evDemand: { kind: 'evDemand' },
      evSuspended: { kind: 'evSuspended' },
    },
    paused: new Map(),
  };
  const grids = new GridCurrents();
  const rowLoad = new Float64Array(problem.nRows);
  const chargePoints = problem.chargePointIds.map((id, c): ChargePointAllocation => {
    const i = problem.demandOf[c] ?? -1;
    if (i < 0) return { id, current: 0, fairShare: 0, gridCurrents: GridCurrents.NONE, reason: NO_EV };
    const current = amps[i] ?? 0;
    const { start, ids } = problem.incidence;
    for (let k = start[i] ?? 0; k < (start[i + 1] ?? 0); k++) {
      const id = ids[k] ?? 0;
      if (id < rowLoad.length) rowLoad[id] = (rowLoad[id] ?? 0) + current;
    }
    const gridCurrents = grids.of(current, problem.demands.phaseMask[i] ?? 0);
    const admitted = admission.admitted[i] === 1;
    const reason = admitted
      ? chargingReason(problem, fair, i, shared)
      : pausedReason(problem, admission, i, shared);
    return { id, current, fairShare: fair.share[i] ?? 0, gridCurrents, reason };
  });
  const { capacity } = problem.incidence;
  const { ids, kind, externalLoad } = problem.nodes;
  const pick = (values: Float64Array, node: number): PhaseVector => [
    values[rowOf(node, 0)] ?? 0,
    values[rowOf(node, 1)] ?? 0,
    values[rowOf(node, 2)] ?? 0,
  ];
  const nodes = new Array<NodeLoad>(problem.nodes.count);
  for (let node = 0; node < nodes.length; node++)
    nodes[node] = {
      id: ids[node] ?? '',
      kind: NODE_KINDS[kind[node] ?? 0] ?? 'site',
      limit: pick(capacity, node),
      load: pick(rowLoad, node),
      externalLoad: pick(externalLoad, node),
    };
  return { chargePoints, nodes };
}
