// Fair Trade (FIFO) admission (§7 "Algorithm: Fair Trade (FIFO)"): in plug-in order, a CP is admitted
// when it fits at its minimum current next to everyone admitted before it; otherwise it pauses.
import type { Problem } from './problem';

/** Slack for floating-point limits (meter averages): 1 µA. */
export const EPS = 1e-6;

/** What kept a CP from being admitted: a node row, an imbalance pair, or its own max below its min. */
export const NOT_BLOCKED = 0;
export const BLOCKED_BY_ROW = 1;
export const BLOCKED_BY_PAIR = 2;
export const BLOCKED_BY_OWN_MAX = 3;

export interface Admission {
  /** Per demand (FIFO order): admitted at min current? */
  readonly admitted: Uint8Array;
  /** Per demand: why it was not admitted (BLOCKED_BY_*), with the row or pair index. */
  readonly blockerKind: Uint8Array;
  readonly blockerRef: Int32Array;
  /** Per demand: would it not fit even alone? */
  readonly blockedAlone: Uint8Array;
}

/**
 * Admission never relies on a later EV to balance phases: a CP is admitted only when the set
 * admitted so far, itself included, holds every limit at minimum current. Later arrivals can leave
 * at any time, and without them the imbalance limit would be broken (engine's choice, §8).
 */
export function admitFifo(problem: Problem): Admission {
  const { capacity, start, ids, coefs, min, max } = problem.incidence;
  const nRows = problem.nRows;
  const load = new Float64Array(capacity.length);
  const n = min.length;
  const admitted = new Uint8Array(n);
  const blockedAlone = new Uint8Array(n);
  const blockerKind = new Uint8Array(n);
  const blockerRef = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const floor = min[i] ?? 0;
    if ((max[i] ?? 0) < floor) {
      blockerKind[i] = BLOCKED_BY_OWN_MAX;
      blockedAlone[i] = 1;
      continue;
    }
    let blocked = -1;
    let alone = false;
    for (let k = start[i] ?? 0; k < (start[i + 1] ?? 0); k++) {
      const id = ids[k] ?? 0;
      const added = (coefs[k] ?? 0) * floor;
      const cap = (capacity[id] ?? 0) + EPS;
      if (added <= 0 || (load[id] ?? 0) + added <= cap) continue;
      const aloneHere = added > cap;
      // Report the first limit in the way, or one that blocks even alone.
      if (blocked < 0 || (aloneHere && !alone)) [blocked, alone] = [id, aloneHere];
    }
    if (blocked >= 0) {
      blockerKind[i] = blocked < nRows ? BLOCKED_BY_ROW : BLOCKED_BY_PAIR;
      blockerRef[i] = blocked < nRows ? blocked : blocked - nRows;
      blockedAlone[i] = alone ? 1 : 0;
      continue;
    }
    admitted[i] = 1;
    for (let k = start[i] ?? 0; k < (start[i + 1] ?? 0); k++) {
      const id = ids[k] ?? 0;
      load[id] = (load[id] ?? 0) + (coefs[k] ?? 0) * floor;
    }
  }
  return { admitted, blockerKind, blockerRef, blockedAlone };
}
