// Phase wiring (§3) in the engine: which grid phases a charge point's EV loads.
import { ROTATION_TO_GRID, type GridPhase, type PhaseRotation } from '../phases/index';
import type { ChargePoint } from './schema';

export { GRID_PHASES, PHASE_NAMES, toGridPhases } from '../phases/index';
export type { GridPhase, PhaseName } from '../phases/index';

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
  return LOADED[cp.phaseRotation][evPhaseCount(cp) - 1] ?? ROTATION_TO_GRID[cp.phaseRotation];
}

/** Shared, read-only answers of loadedGridPhases: per rotation, the first 1, 2 or 3 phases. */
const LOADED: Record<PhaseRotation, readonly (readonly GridPhase[])[]> = {
  RST: [ROTATION_TO_GRID.RST.slice(0, 1), ROTATION_TO_GRID.RST.slice(0, 2), ROTATION_TO_GRID.RST],
  STR: [ROTATION_TO_GRID.STR.slice(0, 1), ROTATION_TO_GRID.STR.slice(0, 2), ROTATION_TO_GRID.STR],
  TRS: [ROTATION_TO_GRID.TRS.slice(0, 1), ROTATION_TO_GRID.TRS.slice(0, 2), ROTATION_TO_GRID.TRS],
};
