import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  GRID_PHASES,
  PHASE_ROTATIONS,
  fromPhaseVector,
  gridPhaseOf,
  nextRotation,
  toGridPhases,
  toPhaseVector,
} from './index';

describe('phases (§3)', () => {
  it.each([
    ['RST', [0, 1, 2]],
    ['STR', [1, 2, 0]],
    ['TRS', [2, 0, 1]],
  ] as const)('rotation %s wires CP phases 1,2,3 to grid phases %j (§3.2)', (rotation, grid) => {
    expect(GRID_PHASES.map((p) => gridPhaseOf(rotation, p))).toEqual(grid);
  });

  it('every rotation is a permutation of L1/L2/L3, and the plan cycles through all three', () => {
    for (const r of PHASE_ROTATIONS)
      expect([...GRID_PHASES.map((p) => gridPhaseOf(r, p))].sort()).toEqual([0, 1, 2]);
    expect([nextRotation('RST'), nextRotation('STR'), nextRotation('TRS')]).toEqual(['STR', 'TRS', 'RST']);
  });

  it('re-indexing by grid phase keeps the total and puts CP phase 1 on the rotation’s first phase', () => {
    const amps = fc.double({ min: 0, max: 100, noNaN: true });
    fc.assert(
      fc.property(fc.constantFrom(...PHASE_ROTATIONS), fc.tuple(amps, amps, amps), (rotation, cp) => {
        const grid = toGridPhases(cp, rotation);
        expect(grid[gridPhaseOf(rotation, 0)]).toBe(cp[0]);
        expect(grid[0] + grid[1] + grid[2]).toBeCloseTo(cp[0] + cp[1] + cp[2], 9);
      }),
    );
  });

  it('converts between {l1,l2,l3} and the engine’s vector without loss', () => {
    expect(fromPhaseVector(toPhaseVector({ l1: 1, l2: 2, l3: 3 }))).toEqual({ l1: 1, l2: 2, l3: 3 });
  });
});
