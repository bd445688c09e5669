import { PHASE_KEYS, PHASE_ROTATIONS, gridPhaseOf, nextRotation } from '../phases/index';
import type { StationModel } from '../config/hardware';
import { stationHardware } from '../config/hardware';
import type { CpPhaseRotation } from '../config/site';
import type { PhaseTriplet } from '../config/catalog-types';

// §3.2 Recommended phase rotation for stations on one supply line, generalised to AMTRON and mixed
// sites: each station's supply is connected with phase reversal so that the charge points' first phase
// (where single-phase EVs charge) spreads evenly over L1/L2/L3. For N AMEDIOs this reproduces the §3.2
// table: R/S/T, S/T/R, T/R/S, repeating from the fourth. A single-phase AMEDIO stays on R/S/T (§3.3).

export interface PhasePlanStation {
  id: string;
  model: StationModel;
  singlePhase?: boolean;
}

export interface PhasePlanChargePoint {
  position: 'single' | 'master' | 'satellite';
  phaseConnection: 'threePhase' | 'singlePhase';
  /** 'Phase rotation of the Charge Point' to set, equal to the grid phases on its terminals. */
  rotation: CpPhaseRotation;
}

export interface PhasePlanEntry {
  stationId: string;
  /** Grid phases on the station's input terminals L1/L2/L3 (R/S/T = no reversal). */
  terminalConnection: CpPhaseRotation;
  chargePoints: PhasePlanChargePoint[];
}

const ROTATIONS = PHASE_ROTATIONS;

function chargePointsFor(station: PhasePlanStation, terminal: CpPhaseRotation): PhasePlanChargePoint[] {
  const amedio = stationHardware(station.model).family === 'AMEDIO';
  const phaseConnection = station.singlePhase ? 'singlePhase' : 'threePhase';
  if (!amedio) return [{ position: 'single', phaseConnection, rotation: terminal }];
  if (station.singlePhase)
    return [
      { position: 'master', phaseConnection, rotation: 'RST' },
      { position: 'satellite', phaseConnection, rotation: 'RST' },
    ];
  return [
    { position: 'master', phaseConnection, rotation: terminal },
    { position: 'satellite', phaseConnection, rotation: nextRotation(terminal) },
  ];
}

function loadAfter(counts: PhaseTriplet, cps: readonly PhasePlanChargePoint[]): PhaseTriplet {
  const next = { ...counts };
  for (const cp of cps) next[PHASE_KEYS[gridPhaseOf(cp.rotation, 0)]] += 1;
  return next;
}

/** Lower is better: the most loaded phase first, then the spread. */
function cost(counts: PhaseTriplet): number {
  const { l1, l2, l3 } = counts;
  return Math.max(l1, l2, l3) * 1e6 + (l1 * l1 + l2 * l2 + l3 * l3);
}

export function planPhaseRotation(stations: readonly PhasePlanStation[]): PhasePlanEntry[] {
  let counts: PhaseTriplet = { l1: 0, l2: 0, l3: 0 };
  let previous: CpPhaseRotation | undefined;
  return stations.map((station) => {
    const candidates =
      station.singlePhase && stationHardware(station.model).family === 'AMEDIO'
        ? (['RST'] as const)
        : ROTATIONS.map(
            (_, i) =>
              ROTATIONS[
                (ROTATIONS.indexOf(previous ? nextRotation(previous) : 'RST') + i) % 3
              ] as CpPhaseRotation,
          );
    let best: { terminal: CpPhaseRotation; cps: PhasePlanChargePoint[]; counts: PhaseTriplet } | undefined;
    for (const terminal of candidates) {
      const cps = chargePointsFor(station, terminal);
      const after = loadAfter(counts, cps);
      if (!best || cost(after) < cost(best.counts)) best = { terminal, cps, counts: after };
    }
    const chosen = best as NonNullable<typeof best>;
    counts = chosen.counts;
    previous = chosen.terminal;
    return { stationId: station.id, terminalConnection: chosen.terminal, chargePoints: chosen.cps };
  });
}
