import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { dlmAllocation, type DlmCharger } from './demo-dlm';
import { ChargingProfiles, EcuConfiguration } from './ecu-config';
import {
  anEv,
  evDrawA,
  loadedGridPhases,
  MIN_CHARGING_CURRENT_A,
  ROTATION_TO_GRID,
  type GridPhase,
  type PhaseRotation,
} from './ev';
import { householdCurrents } from './household-load';
import { mulberry32 } from './random';

describe('phase rotation (§3)', () => {
  it.each([
    ['RST', ['L1', 'L2', 'L3']],
    ['STR', ['L2', 'L3', 'L1']],
    ['TRS', ['L3', 'L1', 'L2']],
  ] as const)('%s maps CP phases 1,2,3 onto %j', (rotation, grid) => {
    expect(loadedGridPhases(rotation, 'threePhase', 3)).toEqual(grid);
    expect(loadedGridPhases(rotation, 'threePhase', 1)).toEqual([grid[0]]);
    expect(loadedGridPhases(rotation, 'singlePhase', 3)).toEqual([grid[0]]);
  });
});

describe('EV draw', () => {
  test.prop([fc.integer({ min: 0, max: 63 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer()])(
    'never exceeds offered or the on-board limit; 0 below 6 A',
    (offered, soc, seed) => {
      const random = mulberry32(seed);
      const ev = anEv(random);
      const draw = evDrawA(ev, soc, offered, random);
      expect(draw).toBeLessThanOrEqual(Math.min(offered, ev.maxCurrentA));
      if (offered < MIN_CHARGING_CURRENT_A) expect(draw).toBe(0);
    },
  );

  it('tapers near a full battery', () => {
    const ev = anEv(mulberry32(1), { type: '3-phase-16A' });
    expect(evDrawA(ev, 0.95, 16, () => 0.5)).toBeLessThan(evDrawA(ev, 0.5, 16, () => 0.5) / 2);
    expect(evDrawA(ev, 1, 16, () => 0.5)).toBe(0);
  });
});

describe('demo DLM master (the allocation engine)', () => {
  const cp = (
    id: string,
    rotation: PhaseRotation,
    evPhases: 1 | 3,
    pluggedInAt: number,
    ratedCurrentA = 32,
  ): DlmCharger => ({
    id,
    phaseRotation: rotation,
    phaseConnection: 'threePhase',
    ratedCurrentA,
    ev: {
      phases: evPhases,
      maxCurrentA: 32,
      pluggedInAt,
      gridCurrentsA: { L1: 0, L2: 0, L3: 0 },
      offeredA: 0,
    },
  });
  const gridLoad = (chargers: DlmCharger[], shares: Map<string, number>, phase: GridPhase) =>
    chargers
      .filter(
        (c) => c.ev && loadedGridPhases(c.phaseRotation, c.phaseConnection, c.ev.phases).includes(phase),
      )
      .reduce((s, c) => s + (shares.get(c.id) ?? 0), 0);

  it('gives two three-phase EVs on a 32 A line 16 A each (§7.1)', () => {
    const shares = dlmAllocation({ supplyLimitA: 32 }, [cp('a', 'RST', 3, 1), cp('b', 'STR', 3, 2)]);
    expect([...shares.values()]).toEqual([16, 16]);
  });

  it('does not know the EV’s own maximum, as a real master does not (§7): a 16 A EV is offered the line', () => {
    const ev16 = { ...cp('a', 'RST', 3, 1), ev: { ...cp('a', 'RST', 3, 1).ev!, maxCurrentA: 16 } };
    expect(dlmAllocation({ supplyLimitA: 32 }, [ev16]).get('a')).toBe(32);
  });

  it('pauses the newest EVs (FIFO) when not everyone gets 6 A', () => {
    const all = ['a', 'b', 'c', 'd', 'e', 'f'].map((id, i) => cp(id, 'RST', 1, i));
    expect([...dlmAllocation({ supplyLimitA: 20 }, all).entries()]).toEqual([
      // 20 A: three EVs fit at 6 A, the 2 A left go out in plug-in order (whole amps).
      ['a', 7],
      ['b', 7],
      ['c', 6],
      ['d', 0],
      ['e', 0],
      ['f', 0],
    ]);
  });

  test.prop([
    fc.integer({ min: 0, max: 100 }),
    fc.array(
      fc.record({
        rotation: fc.constantFrom<PhaseRotation>('RST', 'STR', 'TRS'),
        phases: fc.constantFrom<1 | 3>(1, 3),
      }),
      { maxLength: 12 },
    ),
  ])('never exceeds the supply limit on any phase; every CP gets 0 or ≥ 6 A', (limit, specs) => {
    const chargers = specs.map((s, i) => cp(`cp${i}`, s.rotation, s.phases, i));
    const shares = dlmAllocation({ supplyLimitA: limit, imbalanceLimitA: 20 }, chargers);
    for (const phase of Object.values(ROTATION_TO_GRID.RST))
      expect(gridLoad(chargers, shares, phase)).toBeLessThanOrEqual(limit);
    for (const a of shares.values()) expect(a === 0 || a >= 6).toBe(true);
  });
});

describe('household load', () => {
  it('peaks in the evening and is quiet at night (local time)', () => {
    const at = (h: number) => householdCurrents(new Date(Date.UTC(2026, 0, 5, h - 1)), () => 0.5);
    expect(at(19)[0]).toBeGreaterThan(at(3)[0] * 3);
    expect(at(8)[0]).toBeGreaterThan(at(3)[0] * 2);
  });
});

describe('ECU configuration and charging profiles', () => {
  it('accepts writable keys, rejects read-only and unknown ones', () => {
    const c = new EcuConfiguration({ A: { value: '1', readonly: false }, B: { value: 'x', readonly: true } });
    expect(c.change('A', '2')).toBe('Accepted');
    expect(c.change('B', 'y')).toBe('Rejected');
    expect(c.change('C', 'z')).toBe('NotSupported');
    expect(c.get(['A', 'C'])).toEqual({
      configurationKey: [{ key: 'A', readonly: false, value: '2' }],
      unknownKey: ['C'],
    });
  });
  it('caps the offered current with the lower of ChargePointMax and TxDefault profiles', () => {
    const p = new ChargingProfiles();
    const profile = (id: number, purpose: string, limit: number, unit = 'A') => ({
      connectorId: purpose === 'ChargePointMaxProfile' ? 0 : 1,
      csChargingProfiles: {
        chargingProfileId: id,
        stackLevel: 0,
        chargingProfilePurpose: purpose,
        chargingProfileKind: 'Absolute',
        chargingSchedule: { chargingRateUnit: unit, chargingSchedulePeriod: [{ startPeriod: 0, limit }] },
      },
    });
    expect(p.set(profile(1, 'TxDefaultProfile', 20), false)).toBe('Accepted');
    expect(p.set(profile(2, 'ChargePointMaxProfile', 16), false)).toBe('Accepted');
    expect(p.limitA()).toBe(16);
    expect(p.set(profile(3, 'TxProfile', 10), false)).toBe('Rejected');
    expect(p.clear({ id: 2 })).toBe('Accepted');
    expect(p.limitA()).toBe(20);
    expect(p.set(profile(1, 'TxDefaultProfile', 6900, 'W'), false)).toBe('Accepted');
    expect(p.limitA()).toBeCloseTo(10, 5);
  });
});
