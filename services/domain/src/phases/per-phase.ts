import { z } from 'zod';
import { ROTATION_TO_GRID, type GridPhase, type PhaseRotation } from './rotation';

// Per-phase amps, one spelling: `{l1, l2, l3}` in grid-phase order (config, contracts, Site, DLM state).
// The allocation engine keeps its columnar form, a `PhaseVector` [L1, L2, L3] (also its JSON input's
// shape, a public contract of `npx ampfleet allocate`); `toPhaseVector`/`fromPhaseVector` convert.

export interface PerPhaseAmps {
  l1: number;
  l2: number;
  l3: number;
}
/** The allocation engine's per-phase form, indexed by GridPhase (or CP phase where stated). */
export type PhaseVector = [number, number, number];

export const PHASE_KEYS = ['l1', 'l2', 'l3'] as const;
export type PhaseKey = (typeof PHASE_KEYS)[number];

/** A strict `{l1,l2,l3}` schema over one amps schema (each contract keeps its own bounds). */
export function perPhaseSchema<T extends z.ZodType<number>>(amps: T) {
  return z.object({ l1: amps, l2: amps, l3: amps }).strict();
}

export const perPhase = (amps: number): PerPhaseAmps => ({ l1: amps, l2: amps, l3: amps });
export const toPhaseVector = (p: PerPhaseAmps): PhaseVector => [p.l1, p.l2, p.l3];
export const fromPhaseVector = (v: readonly [number, number, number]): PerPhaseAmps => ({
  l1: v[0],
  l2: v[1],
  l3: v[2],
});
export const mapPhases = (f: (p: GridPhase) => number): PhaseVector => [f(0), f(1), f(2)];
export const minOfPhases = (p: PerPhaseAmps): number => Math.min(p.l1, p.l2, p.l3);

/** A per-CP-phase measurement (CP phase 1,2,3) re-indexed by grid phase through the rotation (§3.2). */
export function toGridPhases(
  cpPhases: readonly [number, number, number],
  rotation: PhaseRotation,
): PhaseVector {
  const [a, b, c] = ROTATION_TO_GRID[rotation];
  const grid: PhaseVector = [0, 0, 0];
  grid[a] += cpPhases[0];
  grid[b] += cpPhases[1];
  grid[c] += cpPhases[2];
  return grid;
}
