import { z } from 'zod';

// Phase wiring (§3): which grid phase each of a charge point's phases is connected to.

/** §3.1 phase rotation: CP phase 1,2,3 → grid R/S/T = L1,L2,L3; S/T/R = L2,L3,L1; T/R/S = L3,L1,L2. */
export const PhaseRotation = z.enum(['RST', 'STR', 'TRS']);
export type PhaseRotation = z.infer<typeof PhaseRotation>;
export const PHASE_ROTATIONS: readonly PhaseRotation[] = PhaseRotation.options;

/** §3.3 'Phase connected to the Charge Point' (the ECU parameter's values). */
export const PhaseConnection = z.enum(['threePhase', 'singlePhase']);
export type PhaseConnection = z.infer<typeof PhaseConnection>;

/** Grid phase index: 0 = L1, 1 = L2, 2 = L3 (also a CP phase index 0..2 = CP phase 1..3). */
export type GridPhase = 0 | 1 | 2;
export const GRID_PHASES: readonly GridPhase[] = [0, 1, 2];
export const PHASE_NAMES = ['L1', 'L2', 'L3'] as const;
export type PhaseName = (typeof PHASE_NAMES)[number];

/** §3.2: the grid phase of each CP phase 1,2,3 under a rotation. */
export const ROTATION_TO_GRID: Readonly<Record<PhaseRotation, readonly [GridPhase, GridPhase, GridPhase]>> = {
  RST: [0, 1, 2],
  STR: [1, 2, 0],
  TRS: [2, 0, 1],
};

/** The grid phase CP phase `cpPhase` (0..2) is wired to. */
export function gridPhaseOf(rotation: PhaseRotation, cpPhase: GridPhase): GridPhase {
  return ROTATION_TO_GRID[rotation][cpPhase];
}

/** How many CP phases a connection wires (§3.3: single-phase = CP phase 1 only). */
export function wiredPhaseCount(connection: PhaseConnection): 1 | 3 {
  return connection === 'singlePhase' ? 1 : 3;
}

/** The next rotation in the §3.2 plan (R/S/T → S/T/R → T/R/S → R/S/T). */
export function nextRotation(rotation: PhaseRotation): PhaseRotation {
  return PHASE_ROTATIONS[(PHASE_ROTATIONS.indexOf(rotation) + 1) % 3] ?? 'RST';
}
