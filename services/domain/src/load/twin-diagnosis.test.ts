import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anEcu, phases } from '../config/builders';
import type { StationEcu } from '../config/site';
import { PHASE_ROTATIONS, ROTATION_TO_GRID, type PhaseRotation } from '../phases/rotation';
import type { PerPhaseAmps } from '../phases/per-phase';
import {
  diagnoseNetwork,
  offersDiffer,
  rotationSymptom,
  type ConfiguredNetwork,
  type NetworkEvaluation,
  type ReportedDlmState,
} from './twin-diagnosis';

// The twin's diagnosis, pure: each misconfiguration's symptom with its manual section, nothing for a
// consistent network, and the rotation rule as a property over every rotation and EV phase count.

const triplet = (a: number) => phases(a);
const onGrid = (grid: readonly number[], amps: number): PerPhaseAmps => ({
  l1: grid.includes(0) ? amps : 0,
  l2: grid.includes(1) ? amps : 0,
  l3: grid.includes(2) ? amps : 0,
});

const master = anEcu({ chargePointId: 'cp-1' });
const satellite = anEcu({ chargePointId: 'cp-2', rotation: 'STR' });
const network = (over: Partial<ConfiguredNetwork> = {}): ConfiguredNetwork => ({
  networkId: 'dlm-0',
  masterChargePointId: 'cp-1',
  masterConfig: {
    dlmMode: 'masterWithInternalSlave',
    evseSubDistributionLimit: triplet(32),
    operatorEvseSubDistributionLimit: triplet(32),
    externalMeterSupport: false,
  },
  members: [master, satellite],
  ...over,
});

type Cp = ReportedDlmState['chargePoints'][number];
const aCp = (id: string, offeredA: number, drawn: PerPhaseAmps, status: Cp['status'] = 'Charging'): Cp => ({
  id,
  status,
  offered: triplet(offeredA),
  drawn,
});

function reported(chargePoints: Cp[], over: Partial<ReportedDlmState> = {}): ReportedDlmState {
  return {
    networkId: 'dlm-0',
    observedAt: '2026-12-02T10:00:00.000Z',
    sampleRateS: 30,
    limits: { subDistribution: triplet(32), operator: triplet(32) },
    externalMeter: { mode: 'off', configured: false, usingFallback: false },
    offered: triplet(0),
    drawn: triplet(0),
    chargePoints,
    imbalance: { drawn: 0, exceeded: false },
    ...over,
  };
}

function evaluation(
  state: ReportedDlmState,
  predicted: Record<string, number>,
  without: Record<string, Record<string, number>> = {},
  configured = network(),
): NetworkEvaluation {
  return {
    configured,
    reported: state,
    predicted: new Map(Object.entries(predicted)),
    predictedWithout: (id) => new Map(Object.entries(without[id] ?? {})),
  };
}

describe('twin diagnosis', () => {
  it('finds nothing when the reported offers are the twin’s and the phases fit the rotations', () => {
    const state = reported([aCp('cp-1', 16, triplet(15.6)), aCp('cp-2', 16, onGrid([1], 15.8))]);
    expect(diagnoseNetwork(evaluation(state, { 'cp-1': 16, 'cp-2': 16 }))).toEqual([]);
  });

  it('§3.2: a single-phase EV on a CP set R/S/T drawing on L2 contradicts the setting (measured S/T/R)', () => {
    const state = reported([aCp('cp-1', 16, onGrid([1], 15.8)), aCp('cp-2', 0, triplet(0), 'Available')]);
    expect(diagnoseNetwork(evaluation(state, { 'cp-1': 16, 'cp-2': 0 }))).toEqual([
      {
        code: 'phaseRotationContradicted',
        networkId: 'dlm-0',
        chargePointId: 'cp-1',
        manualSection: '§3.2',
        params: { configured: 'RST', measured: 'STR', evPhases: 1, drawnOn: 'L2', expectedOn: 'L1' },
      },
    ]);
  });

  it('§7.1: the master reports an operator limit other than configured', () => {
    const state = reported([aCp('cp-1', 10, triplet(9.8))], {
      limits: { subDistribution: triplet(32), operator: triplet(10) },
    });
    expect(diagnoseNetwork(evaluation(state, { 'cp-1': 32, 'cp-2': 0 }))).toEqual([
      {
        code: 'limitNotAsConfigured',
        networkId: 'dlm-0',
        chargePointId: 'cp-1',
        manualSection: '§7.1',
        params: { setting: 'operatorEvseSubDistributionLimit', configured: '32/32/32', reported: '10/10/10' },
      },
    ]);
  });

  it('§7.1 with load control: the commanded operator limit is expected, not reported as a finding', () => {
    const commanded = network({ commandedOperatorA: 20 });
    const at = (operatorA: number) =>
      reported([aCp('cp-1', 10, triplet(9.8)), aCp('cp-2', 10, onGrid([1, 2, 0], 9.7))], {
        limits: { subDistribution: triplet(32), operator: triplet(operatorA) },
      });
    // The commanded 20 A, offered as the twin predicts under it: nothing.
    expect(diagnoseNetwork(evaluation(at(20), { 'cp-1': 10, 'cp-2': 10 }, {}, commanded))).toEqual([]);
    // The configured 32 A while a command stands: the edge agent's safe-limit restore — nothing either.
    expect(diagnoseNetwork(evaluation(at(32), { 'cp-1': 10, 'cp-2': 10 }, {}, commanded))).toEqual([]);
    // Neither: the finding names both.
    expect(diagnoseNetwork(evaluation(at(12), { 'cp-1': 10, 'cp-2': 10 }, {}, commanded))).toEqual([
      {
        code: 'limitNotAsConfigured',
        networkId: 'dlm-0',
        chargePointId: 'cp-1',
        manualSection: '§7.1',
        params: {
          setting: 'operatorEvseSubDistributionLimit',
          configured: '32/32/32',
          commanded: '20/20/20',
          reported: '12/12/12',
        },
      },
    ]);
    // Without a command the same 20 A is a finding, as before.
    expect(diagnoseNetwork(evaluation(at(20), { 'cp-1': 10, 'cp-2': 10 })).map((d) => d.code)).toEqual([
      'limitNotAsConfigured',
    ]);
  });

  it('§7.4: the fallback replaces a lost meter; a meter location other than configured', () => {
    const configured = network({
      masterConfig: {
        ...network().masterConfig,
        externalMeterSupport: true,
        externalMeterLocation: 'includingEvse',
        mainDistributionLimit: triplet(63),
        externalLoadFallback: triplet(50),
      },
    });
    const state = reported([aCp('cp-1', 13, triplet(12.5))], {
      externalMeter: { mode: 'excludingEvse', configured: true, connected: false, usingFallback: true },
    });
    const codes = diagnoseNetwork(evaluation(state, { 'cp-1': 13 }, {}, configured));
    expect(codes).toEqual([
      expect.objectContaining({
        code: 'meterSettingNotAsConfigured',
        manualSection: '§7.4',
        params: { setting: 'externalMeterLocation', configured: 'includingEvse', reported: 'excludingEvse' },
      }),
      expect.objectContaining({
        code: 'fallbackMeterLost',
        manualSection: '§7.4.1',
        params: { fallback: '50/50/50' },
      }),
    ]);
  });

  it('§7: a satellite the master does not serve — the offers are explained without it', () => {
    // The master gives all 32 A to cp-1; the twin would split 16/16 with cp-2, which waits at 0 A.
    const state = reported([aCp('cp-1', 32, triplet(31.5)), aCp('cp-2', 0, triplet(0), 'SuspendedEVSE')]);
    const found = diagnoseNetwork(
      evaluation(state, { 'cp-1': 16, 'cp-2': 16 }, { 'cp-2': { 'cp-1': 32, 'cp-2': 0 } }),
    );
    expect(found).toEqual([
      {
        code: 'satelliteNotConnected',
        networkId: 'dlm-0',
        chargePointId: 'cp-2',
        manualSection: '§7',
        params: { master: 'cp-1', predictedA: 16, reportedOfferedA: 0 },
      },
    ]);
  });

  it('an offer gap no hypothesis explains stays an offerGap', () => {
    const state = reported([aCp('cp-1', 20, triplet(19.7)), aCp('cp-2', 6, onGrid([1, 2, 0], 5.9))]);
    const found = diagnoseNetwork(
      evaluation(state, { 'cp-1': 16, 'cp-2': 16 }, { 'cp-2': { 'cp-1': 32 }, 'cp-1': { 'cp-2': 32 } }),
    );
    expect(found.map((f) => [f.code, f.chargePointId])).toEqual([
      ['offerGap', 'cp-1'],
      ['offerGap', 'cp-2'],
    ]);
  });

  it('offers differ when one pauses the EV and the other does not; not when the EV leaves both unused', () => {
    expect(offersDiffer(6, 0, 0)).toBe(true);
    expect(offersDiffer(16, 17, 15.5)).toBe(false);
    expect(offersDiffer(32, 17, 16.4)).toBe(true); // the EV takes all of 17: 32 would let it draw more
    expect(offersDiffer(17, 32, 15.6)).toBe(false); // it draws 15.6 of 32: 17 serves it as well
  });

  it('the rotation rule: a 1- or 2-phase draw fits the configured rotation exactly when it is the wiring', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PHASE_ROTATIONS),
        fc.constantFrom(...PHASE_ROTATIONS),
        fc.constantFrom(1, 2, 3),
        fc.double({ min: 6, max: 32, noNaN: true }),
        (configured: PhaseRotation, wired: PhaseRotation, evPhases: number, amps: number) => {
          const ecu: StationEcu = anEcu({ chargePointId: 'cp-x', rotation: configured });
          const drawn = onGrid(ROTATION_TO_GRID[wired].slice(0, evPhases), amps);
          const symptom = rotationSymptom('dlm-0', ecu, drawn);
          if (evPhases === 3 || configured === wired) expect(symptom).toBeUndefined();
          else expect(symptom?.params).toMatchObject({ configured, measured: wired, evPhases });
        },
      ),
    );
  });
});
