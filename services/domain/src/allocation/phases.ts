// Phase wiring (§3): which grid phases a charge point's EV loads.
import type { ChargePoint, PerPhaseAmps, PhaseRotation } from './schema';

/** Grid phase index: 0 = L1, 1 = L2, 2 = L3. */
export type GridPhase = 0 | 1 | 2;
export const GRID_PHASES: readonly GridPhase[] = [0, 1, 2];
export const PHASE_NAMES = ['L1', 'L2', 'L3'] as const;
export type PhaseName = (typeof PHASE_NAMES)[number];

/** §3.2: rotation maps CP phase 1,2,3 onto grid phases. */
const ROTATION: Record<PhaseRotation, readonly [GridPhase, GridPhase, GridPhase]> = {
  RST: [0, 1, 2],
  STR: [1, 2, 0],
  TRS: [2, 0, 1],
};

/** A CP phase counts as "in use" once it draws more than this (A). */
export const PHASE_IN_USE_THRESHOLD = 1;

/** How many CP phases the EV loads: a single-phase connection wires only CP phase 1. */
export function evPhaseCount(cp: ChargePoint): 1 | 2 | 3 {
  if (cp.connection === 'singlePhase') return 1;
  const declared = cp.ev?.phasesInUse ?? 'unknown';
  if (declared !== 'unknown') return declared;
  // Unknown: assume 3 until a measurement shows otherwise (on-board chargers use phase 1 first).
  const measured = cp.ev?.measuredCurrent ?? [0, 0, 0];
  let inUse = 0;
  for (let p = 0; p < 3; p++) if ((measured[p] ?? 0) > PHASE_IN_USE_THRESHOLD) inUse++;
  return inUse === 1 || inUse === 2 ? inUse : 3;
}

/** Grid phases loaded by the CP's EV: the first k phases of the CP, through its rotation. */
export function loadedGridPhases(cp: ChargePoint): readonly GridPhase[] {
  return LOADED[cp.phaseRotation][evPhaseCount(cp) - 1] ?? ROTATION[cp.phaseRotation];
}

/** Shared, read-only answers of loadedGridPhases: per rotation, the first 1, 2 or 3 phases. */
const LOADED: Record<PhaseRotation, readonly (readonly GridPhase[])[]> = {
  RST: [ROTATION.RST.slice(0, 1), ROTATION.RST.slice(0, 2), ROTATION.RST],
  STR: [ROTATION.STR.slice(0, 1), ROTATION.STR.slice(0, 2), ROTATION.STR],
  TRS: [ROTATION.TRS.slice(0, 1), ROTATION.TRS.slice(0, 2), ROTATION.TRS],
};

/** A per-CP-phase measurement re-indexed by grid phase. */
export function toGridPhases(cpPhases: PerPhaseAmps, rotation: PhaseRotation): PerPhaseAmps {
  const [a, b, c] = ROTATION[rotation];
  const grid: PerPhaseAmps = [0, 0, 0];
  grid[a] += cpPhases[0];
  grid[b] += cpPhases[1];
  grid[c] += cpPhases[2];
  return grid;
}
