import { describe, expect, it } from 'vitest';
import { loadedGridPhases, toGridPhases } from './phases';
import { aCharger, anEv } from './testing/builders';
import { ChargePointSchema } from './schema';

const cp = (overrides: Parameters<typeof aCharger>[0]) => ChargePointSchema.parse(aCharger(overrides));

describe('phase wiring (§3)', () => {
  it.each([
    ['RST', [0, 1, 2]],
    ['STR', [1, 2, 0]],
    ['TRS', [2, 0, 1]],
  ] as const)('rotation %s maps CP phases 1,2,3 to grid phases %j', (phaseRotation, grid) => {
    expect(loadedGridPhases(cp({ phaseRotation, ev: anEv({ phasesInUse: 3 }) }))).toEqual(grid);
  });

  it('a 2-phase EV loads the first two mapped phases', () => {
    expect(loadedGridPhases(cp({ phaseRotation: 'TRS', ev: anEv({ phasesInUse: 2 }) }))).toEqual([2, 0]);
  });

  it("a single-phase connection uses only the CP's first phase, whatever the EV", () => {
    expect(
      loadedGridPhases(cp({ connection: 'singlePhase', phaseRotation: 'STR', ev: anEv({ phasesInUse: 3 }) })),
    ).toEqual([1]);
  });

  it('re-indexes a per-CP-phase measurement by grid phase', () => {
    expect(toGridPhases([16, 15, 14], 'STR')).toEqual([14, 16, 15]);
  });
});
