// EVs and phase wiring for the simulators (DESIGN.md "Facts for simulators"; manual §3). Pure.
import {
  PHASE_NAMES,
  wiredPhaseCount,
  ROTATION_TO_GRID as ROTATION_TO_GRID_INDEX,
  type PhaseConnection,
  type PhaseName,
  type PhaseRotation,
} from '@ampfleet/domain';
import { between, type Random } from './random';

export type GridPhase = PhaseName;
export type { PhaseConnection, PhaseRotation };

const named = (rotation: PhaseRotation): readonly [GridPhase, GridPhase, GridPhase] => {
  const [a, b, c] = ROTATION_TO_GRID_INDEX[rotation];
  return [PHASE_NAMES[a], PHASE_NAMES[b], PHASE_NAMES[c]];
};
/** The domain's §3.2 mapping (phases module) with the grid phases named L1/L2/L3. */
export const ROTATION_TO_GRID: Readonly<Record<PhaseRotation, readonly [GridPhase, GridPhase, GridPhase]>> = {
  RST: named('RST'),
  STR: named('STR'),
  TRS: named('TRS'),
};

/** Grid phases an EV using `evPhases` phases loads at this CP, in CP phase order (§3.3: single-phase = CP phase 1). */
export function loadedGridPhases(
  rotation: PhaseRotation,
  connection: PhaseConnection,
  evPhases: 1 | 2 | 3,
): GridPhase[] {
  const cpPhases = wiredPhaseCount(connection);
  return ROTATION_TO_GRID[rotation].slice(0, Math.min(cpPhases, evPhases));
}

/** Below this an EV cannot charge (IEC 61851). */
export const MIN_CHARGING_CURRENT_A = 6;

export interface EvProfile {
  /** OCPP idTag sent in StartTransaction. */
  readonly idTag: string;
  /** Phases the on-board charger uses. */
  readonly phases: 1 | 2 | 3;
  /** On-board charger limit per phase (A). */
  readonly maxCurrentA: number;
  readonly batteryWh: number;
  /** State of charge at plug-in, 0..1. */
  readonly stateOfCharge: number;
}

export type EvType = '1-phase-16A' | '1-phase-32A' | '2-phase-16A' | '3-phase-16A' | '3-phase-32A';

export const EV_TYPES: Readonly<
  Record<EvType, { readonly phases: 1 | 2 | 3; readonly maxCurrentA: number }>
> = {
  '1-phase-16A': { phases: 1, maxCurrentA: 16 }, // 3.7 kW
  '1-phase-32A': { phases: 1, maxCurrentA: 32 }, // 7.4 kW
  '2-phase-16A': { phases: 2, maxCurrentA: 16 }, // some compact EVs
  '3-phase-16A': { phases: 3, maxCurrentA: 16 }, // 11 kW, the most common in Europe
  '3-phase-32A': { phases: 3, maxCurrentA: 32 }, // 22 kW
};

/** Rough European mix: 11 kW chargers dominate. */
const EV_MIX: ReadonlyArray<readonly [EvType, number]> = [
  ['3-phase-16A', 0.5],
  ['1-phase-32A', 0.15],
  ['1-phase-16A', 0.1],
  ['2-phase-16A', 0.1],
  ['3-phase-32A', 0.15],
];

/** A random EV from the mix; `over` fixes any field. */
export function anEv(random: Random, over: Partial<EvProfile> & { type?: EvType } = {}): EvProfile {
  let r = random();
  let type: EvType = over.type ?? '3-phase-16A';
  if (!over.type) {
    for (const [t, share] of EV_MIX) {
      type = t;
      if ((r -= share) < 0) break;
    }
  }
  return {
    idTag:
      over.idTag ??
      `EV${Math.floor(random() * 1e8)
        .toString(16)
        .toUpperCase()
        .padStart(7, '0')}`,
    ...EV_TYPES[type],
    batteryWh: over.batteryWh ?? Math.round(between(random, 30_000, 90_000)),
    stateOfCharge: over.stateOfCharge ?? between(random, 0.1, 0.7),
    ...(over.phases ? { phases: over.phases } : {}),
    ...(over.maxCurrentA ? { maxCurrentA: over.maxCurrentA } : {}),
  };
}

/** Share of the on-board limit drawn at this state of charge: full up to 80 %, tapering to 25 %. */
export function taper(stateOfCharge: number): number {
  if (stateOfCharge <= 0.8) return 1;
  return Math.max(0.25, 1 - ((stateOfCharge - 0.8) / 0.2) * 0.75);
}

/** Current the EV draws per used phase (A): min(offered, its max) with a little noise, never above offered. */
export function evDrawA(ev: EvProfile, stateOfCharge: number, offeredA: number, random: Random): number {
  if (offeredA < MIN_CHARGING_CURRENT_A || stateOfCharge >= 1) return 0;
  const target = Math.min(offeredA, ev.maxCurrentA) * taper(stateOfCharge);
  return Math.round(target * (0.96 + 0.035 * random()) * 100) / 100;
}
