// An independent checker of what every allocation must satisfy, recomputed from the input alone.
import type { AllocationResult } from '../explain';
import { networkLimits } from '../limits';
import { loadedGridPhases } from '../phases';
import type { AllocationInput, ChargePoint, PhaseVector } from '../schema';

const TOL = 1e-6;
const WANTS = ['ready', 'charging', 'suspendedEv'];

interface Limit {
  readonly name: string;
  readonly cps: readonly ChargePoint[];
  readonly limit: PhaseVector;
}

/**
 * An imbalance limit at a node: max over phase pairs of |load_Lx − load_Ly| ≤ limit, where the load
 * is the charging CPs' grid currents under the node plus `external` — the meter's non-EV load for
 * §8 at a DLM network, zero for a node's imbalanceLimitA (the EV load alone).
 */
export interface ImbalanceView {
  readonly id: string;
  readonly cps: readonly ChargePoint[];
  readonly external: PhaseVector;
  readonly imbalanceLimit: number;
}

const NONE: PhaseVector = [0, 0, 0];

export function limitsOf(input: AllocationInput): { limits: Limit[]; imbalances: ImbalanceView[] } {
  const all = input.dlmNetworks.flatMap((n) => n.supplyLines.flatMap((l) => l.chargePoints));
  const limits: Limit[] = [{ name: input.siteId, cps: all, limit: input.mainConnectionLimit }];
  const imbalances: ImbalanceView[] = [];
  const nodeLimit = (id: string, cps: readonly ChargePoint[], limit: number | undefined): void => {
    if (limit !== undefined) imbalances.push({ id, cps, external: NONE, imbalanceLimit: limit });
  };
  nodeLimit(input.siteId, all, input.imbalanceLimitA);
  for (const network of input.dlmNetworks) {
    const cps = network.supplyLines.flatMap((l) => l.chargePoints);
    const eff = networkLimits(network);
    limits.push({ name: network.id, cps, limit: eff.capacity });
    for (const line of network.supplyLines) {
      limits.push({ name: line.id, cps: line.chargePoints, limit: line.limit });
      nodeLimit(line.id, line.chargePoints, line.imbalanceLimitA);
    }
    const imbalance = network.imbalancePrevention;
    if (imbalance.enabled)
      imbalances.push({ id: network.id, cps, external: eff.externalLoad, imbalanceLimit: imbalance.limit });
    nodeLimit(network.id, cps, network.imbalanceLimitA);
  }
  return { limits, imbalances };
}

export function gridLoad(cps: readonly ChargePoint[], current: (cp: ChargePoint) => number): PhaseVector {
  const load: PhaseVector = [0, 0, 0];
  for (const cp of cps) for (const p of loadedGridPhases(cp)) load[p] += current(cp);
  return load;
}

export function cpMax(cp: ChargePoint): number {
  return Math.min(cp.ratedCurrent, cp.cableCurrent ?? Infinity, cp.ev?.maxCurrent ?? Infinity);
}

/** Every broken invariant, as readable strings (empty when the allocation is valid). */
export function violations(input: AllocationInput, result: AllocationResult): string[] {
  const out: string[] = [];
  const byId = new Map(result.chargePoints.map((c) => [c.id, c]));
  const current = (cp: ChargePoint): number => byId.get(cp.id)?.current ?? NaN;
  const { limits, imbalances } = limitsOf(input);
  for (const { name, cps, limit } of limits) {
    const load = gridLoad(cps, current);
    load.forEach((l, p) => {
      if (l > (limit[p] ?? 0) + TOL) out.push(`${name} L${p + 1}: ${l} A > limit ${limit[p]} A`);
    });
  }
  for (const net of imbalances) {
    const load = gridLoad(net.cps, current).map((l, p) => l + (net.external[p] ?? 0));
    for (let p = 0; p < 3; p++)
      for (let q = 0; q < 3; q++) {
        // Where external load alone exceeds the limit, EVs must not widen the gap.
        const allowed = Math.max(net.imbalanceLimit, (net.external[p] ?? 0) - (net.external[q] ?? 0));
        if ((load[p] ?? 0) - (load[q] ?? 0) > allowed + TOL)
          out.push(`${net.id} imbalance L${p + 1}-L${q + 1}`);
      }
  }
  for (const cp of input.dlmNetworks.flatMap((n) => n.supplyLines.flatMap((l) => l.chargePoints))) {
    const a = current(cp);
    const ev = cp.ev;
    const wants = ev !== undefined && WANTS.includes(ev.state);
    if (!Number.isInteger(a)) out.push(`${cp.id}: ${a} A is not whole amps`);
    if (!wants && a !== 0) out.push(`${cp.id}: ${a} A without an EV wanting current`);
    if (wants && a !== 0 && (a < ev.minCurrent || a > cpMax(cp)))
      out.push(`${cp.id}: ${a} A outside [min, max]`);
    if (ev?.state === 'suspendedEv' && a > ev.minCurrent) out.push(`${cp.id}: suspended EV above its min`);
  }
  return out;
}
