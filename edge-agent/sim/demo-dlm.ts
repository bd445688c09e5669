// The simulated DLM master of a demo site (§7): builds the allocation engine's input from the
// ECU simulators' state and runs the real engine (services/domain/src/allocation) — Fair Trade (FIFO),
// whole amps, 0 or ≥ 6 A, per-phase limits, current an EV leaves unused goes to others.
import { allocate, type AllocationInput } from '@ampfleet/domain';
import { ROTATION_TO_GRID, type GridPhase, type PhaseConnection, type PhaseRotation } from './ev';

export interface DlmCharger {
  readonly id: string;
  readonly phaseRotation: PhaseRotation;
  readonly phaseConnection: PhaseConnection;
  readonly ratedCurrentA: number;
  /** The EV plugged in, if any. */
  readonly ev?: {
    readonly phases: 1 | 2 | 3;
    readonly maxCurrentA: number;
    /** Plug-in time (ms since epoch): earlier EVs keep charging when not everyone fits. */
    readonly pluggedInAt: number;
    /** What the EV draws now per grid phase (A). */
    readonly gridCurrentsA: Readonly<Record<GridPhase, number>>;
    /** What it is offered now (A). */
    readonly offeredA: number;
  };
}

export interface DemoDlmSettings {
  /** Supply line = EVSE Sub-Distribution Limit, per phase (A). */
  readonly supplyLimitA: number;
  /** §8: Current Imbalance Prevention, limit 20 A when on. */
  readonly imbalanceLimitA?: number;
}

/** Offered amps per charger id, from the allocation engine. */
export function dlmAllocation(
  settings: DemoDlmSettings,
  chargers: readonly DlmCharger[],
): Map<string, number> {
  const result = allocate(dlmInput(settings, chargers));
  return new Map(result.chargePoints.map((cp) => [cp.id, cp.current]));
}

function dlmInput(settings: DemoDlmSettings, chargers: readonly DlmCharger[]): AllocationInput {
  const limit: [number, number, number] = [
    settings.supplyLimitA,
    settings.supplyLimitA,
    settings.supplyLimitA,
  ];
  return {
    siteId: 'demo-site',
    mainConnectionLimit: limit,
    dlmNetworks: [
      {
        id: 'dlm-0',
        subDistributionLimit: limit,
        externalMeter: { location: 'off' },
        imbalancePrevention: {
          enabled: settings.imbalanceLimitA !== undefined,
          limit: settings.imbalanceLimitA ?? 20,
        },
        supplyLines: [{ id: 'supply-line', limit, chargePoints: chargers.map(chargePoint) }],
      },
    ],
  };
}

function chargePoint(
  c: DlmCharger,
): AllocationInput['dlmNetworks'][number]['supplyLines'][number]['chargePoints'][number] {
  const grid = ROTATION_TO_GRID[c.phaseRotation];
  return {
    id: c.id,
    connection: c.phaseConnection,
    phaseRotation: c.phaseRotation,
    ratedCurrent: c.ratedCurrentA,
    ...(c.ev && {
      ev: {
        state: 'charging',
        phasesInUse: c.ev.phases,
        minCurrent: 6,
        // No maxCurrent: a real master does not know what the EV could take, only what it draws against
        // its offer (§7: current an EV leaves unused goes to others). Passing the EV's own maximum made
        // the stand-in master cleverer than the ECU, and the twin reported the difference as an offerGap.
        // The engine wants the draw per CP phase 1/2/3: undo the rotation.
        measuredCurrent: [
          c.ev.gridCurrentsA[grid[0]],
          c.ev.gridCurrentsA[grid[1]],
          c.ev.gridCurrentsA[grid[2]],
        ],
        offeredCurrent: c.ev.offeredA,
        pluggedInAt: c.ev.pluggedInAt,
      },
    }),
  };
}
