// The allocation result: whole amps per CP, per-phase load at every node, and why each CP got it.
import type { Admission, Blocker } from './admission';
import type { FairShare } from './fair-share';
import { REASON_MAX, REASON_PAIR, REASON_ROW } from './fair-share';
import type { LimitSource } from './limits';
import type { PhaseName } from './phases';
import { PHASE_NAMES } from './phases';
import type { NodeKind, Problem } from './problem';
import type { PerPhaseAmps } from './schema';

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
  /** Load per grid phase L1/L2/L3 [A]. */
  readonly gridCurrents: PerPhaseAmps;
  readonly reason: BindingReason;
}

export interface NodeLoad {
  readonly id: string;
  readonly kind: NodeKind;
  /** Effective limit per grid phase [A] (for DLM networks after operator, downgrade and meter). */
  readonly limit: PerPhaseAmps;
  /** Allocated EV load per grid phase [A]. */
  readonly load: PerPhaseAmps;
  /** Non-EV load at the meter point per grid phase [A] (DLM networks with an external meter). */
  readonly externalLoad: PerPhaseAmps;
}

export interface AllocationResult {
  /** In input order. */
  readonly chargePoints: readonly ChargePointAllocation[];
  /** Site, DLM networks, supply lines, in input order. */
  readonly nodes: readonly NodeLoad[];
}

function limitRef(problem: Problem, kind: 'row' | 'pair', index: number): LimitRef {
  if (kind === 'row') {
    const row = problem.rows[index];
    const node = problem.nodes[row?.nodeIndex ?? 0];
    return {
      kind: 'nodeLimit',
      nodeId: node?.id ?? '',
      phase: PHASE_NAMES[row?.phase ?? 0],
      source: row?.source ?? 'supplyLine',
    };
  }
  const pair = problem.pairs[index];
  const node = problem.nodes[pair?.nodeIndex ?? 0];
  return {
    kind: 'imbalance',
    nodeId: node?.id ?? '',
    heavyPhase: PHASE_NAMES[pair?.heavy ?? 0],
    lightPhase: PHASE_NAMES[pair?.light ?? 0],
  };
}

function pausedReason(problem: Problem, admission: Admission, i: number): BindingReason {
  const blocker: Blocker = admission.blockers[i] ?? { kind: 'ownMax' };
  const blockedBy = blocker.kind === 'ownMax' ? blocker : limitRef(problem, blocker.kind, blocker.index);
  if (admission.blockedAlone[i] === 1 || blockedBy.kind === 'ownMax')
    return { kind: 'minCurrentAdmission', blockedBy };
  return { kind: 'fifo', blockedBy };
}

function chargingReason(problem: Problem, fair: FairShare, i: number, shared: SharedReasons): BindingReason {
  const kind = fair.reasonKind[i];
  const ref = fair.reasonRef[i] ?? 0;
  if (kind === REASON_ROW) return shared.rows[ref] ?? limitRef(problem, 'row', ref);
  if (kind === REASON_PAIR) return shared.pairs[ref] ?? limitRef(problem, 'pair', ref);
  const maxSource = problem.demands[i]?.maxSource ?? 'ownMax';
  return kind === REASON_MAX ? { kind: maxSource } : { kind: 'ownMax' };
}

const NO_EV: BindingReason = { kind: 'noEv' };

/** Reasons are read-only and shared: one object per row or pair, not one per CP. */
interface SharedReasons {
  readonly rows: readonly LimitRef[];
  readonly pairs: readonly LimitRef[];
}

export function explain(
  problem: Problem,
  admission: Admission,
  fair: FairShare,
  amps: Int32Array,
): AllocationResult {
  const shared: SharedReasons = {
    rows: problem.rows.map((_, r) => limitRef(problem, 'row', r)),
    pairs: problem.pairs.map((_, g) => limitRef(problem, 'pair', g)),
  };
  const rowLoad = new Float64Array(problem.rows.length);
  const chargePoints = problem.chargePointIds.map((id, c): ChargePointAllocation => {
    const i = problem.demandOf[c] ?? -1;
    const d = problem.demands[i];
    if (d === undefined) return { id, current: 0, fairShare: 0, gridCurrents: [0, 0, 0], reason: NO_EV };
    const current = amps[i] ?? 0;
    const { start, ids } = problem.incidence;
    for (let k = start[i] ?? 0; k < (start[i + 1] ?? 0); k++) {
      const id = ids[k] ?? 0;
      if (id < rowLoad.length) rowLoad[id] = (rowLoad[id] ?? 0) + current;
    }
    const gridCurrents: PerPhaseAmps = [0, 0, 0];
    for (const p of d.gridPhases) gridCurrents[p] = current;
    const admitted = admission.admitted[i] === 1;
    const reason = admitted ? chargingReason(problem, fair, i, shared) : pausedReason(problem, admission, i);
    return { id, current, fairShare: fair.share[i] ?? 0, gridCurrents, reason };
  });
  const capacity = problem.rows.map((r) => r.capacity);
  const pick = (values: ArrayLike<number>, rows: readonly [number, number, number]): PerPhaseAmps => [
    values[rows[0]] ?? 0,
    values[rows[1]] ?? 0,
    values[rows[2]] ?? 0,
  ];
  const nodes = problem.nodes.map((node): NodeLoad => ({
    id: node.id,
    kind: node.kind,
    limit: pick(capacity, node.rows),
    load: pick(rowLoad, node.rows),
    externalLoad: node.externalLoad,
  }));
  return { chargePoints, nodes };
}
