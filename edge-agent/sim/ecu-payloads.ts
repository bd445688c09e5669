// OCPP 1.6 payloads the simulated ECU sends (pure builders).
import type { GridPhase } from './ev';
import type { OcppParams } from './ocpp-client';

export type GridCurrents = Readonly<Record<GridPhase, number>>;

export const NO_CURRENT: GridCurrents = { L1: 0, L2: 0, L3: 0 };
export const GRID_PHASES: readonly GridPhase[] = ['L1', 'L2', 'L3'];

export interface MeterSample {
  readonly at: Date;
  readonly transactionId?: number;
  /** EV current per grid phase (A), after the CP's phase rotation. */
  readonly importA: GridCurrents;
  /** Current offered per grid phase (A). */
  readonly offeredA: GridCurrents;
  readonly powerW: number;
  readonly energyWh: number;
}

export function meterValuesRequest(s: MeterSample): OcppParams {
  const perPhase = (measurand: string, values: GridCurrents): OcppParams[] =>
    GRID_PHASES.map((phase) => ({
      value: values[phase].toFixed(2),
      context: 'Sample.Periodic',
      measurand,
      phase,
      location: 'Outlet',
      unit: 'A',
    }));
  return {
    connectorId: 1,
    ...(s.transactionId !== undefined ? { transactionId: s.transactionId } : {}),
    meterValue: [
      {
        timestamp: s.at.toISOString(),
        sampledValue: [
          ...perPhase('Current.Import', s.importA),
          ...perPhase('Current.Offered', s.offeredA),
          {
            value: s.powerW.toFixed(0),
            context: 'Sample.Periodic',
            measurand: 'Power.Active.Import',
            location: 'Outlet',
            unit: 'W',
          },
          {
            value: s.energyWh.toFixed(0),
            context: 'Sample.Periodic',
            measurand: 'Energy.Active.Import.Register',
            location: 'Outlet',
            unit: 'Wh',
          },
        ],
      },
    ],
  };
}

export function statusNotificationRequest(connectorId: 0 | 1, status: string, at: Date): OcppParams {
  return { connectorId, status, errorCode: 'NoError', timestamp: at.toISOString() };
}

/** Adds `amps` on each of `phases`. */
export function onPhases(phases: readonly GridPhase[], amps: number): GridCurrents {
  const out: Record<GridPhase, number> = { L1: 0, L2: 0, L3: 0 };
  for (const p of phases) out[p] += amps;
  return out;
}
