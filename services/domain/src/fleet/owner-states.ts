import { z } from 'zod';
import type { SiteLiveView } from './view';

// What a site owner reads for a charge point's OCPP 1.6 state (StatusNotification status and
// errorCode): a few plain states and fault codes. The sentences themselves — what happened and what to
// do — live in the dashboard's message files (web/messages/<locale>/dashboard.json), keyed by these.

export const OWNER_CHARGE_POINT_STATES = [
  'charging',
  /** Plugged in, the owner paused charging here. */
  'paused',
  /** Plugged in, the charge point offers no current now (load management or a limit holds it back). */
  'waitingForPower',
  /** Plugged in, the car takes no current (full, or its own timer). */
  'carNotCharging',
  /** Plugged in, not started yet (waiting for a card or the car). */
  'preparing',
  /** Session over, the car is still plugged in. */
  'finished',
  'available',
  'reserved',
  /** Switched off for use (ChangeAvailability Inoperative or the charge point's own decision). */
  'unavailable',
  'faulted',
  /** No message within 3 heartbeat intervals. */
  'offline',
  /** Never reported a status. */
  'unknown',
] as const;
export const OwnerChargePointState = z.enum(OWNER_CHARGE_POINT_STATES);
export type OwnerChargePointState = z.infer<typeof OwnerChargePointState>;

/** OCPP 1.6 ChargePointErrorCode (StatusNotification), plus two of our own the owner should hear about. */
export const OWNER_FAULT_CODES = [
  'ConnectorLockFailure',
  'EVCommunicationError',
  'GroundFailure',
  'HighTemperature',
  'InternalError',
  'LocalListConflict',
  'OtherError',
  'OverCurrentFailure',
  'OverVoltage',
  'PowerMeterFailure',
  'PowerSwitchFailure',
  'ReaderFailure',
  'ResetFailure',
  'UnderVoltage',
  'WeakSignal',
  /** The charge point has not been heard from within 3 heartbeat intervals. */
  'Offline',
  /** The DLM master's external meter does not answer (§7.4: the fallback limit applies). */
  'MeterDisconnected',
] as const;
export const OwnerFaultCode = z.enum(OWNER_FAULT_CODES);
export type OwnerFaultCode = z.infer<typeof OwnerFaultCode>;

export const OwnerFault = z.object({
  code: OwnerFaultCode,
  /** The charge point (for MeterDisconnected: the DLM master the meter is wired to). */
  chargePointId: z.string(),
  connectorId: z.number().int().optional(),
  /** When the charge point reported it (or was last heard from, for Offline). */
  since: z.string().optional(),
  /** Faulted: the charge point cannot charge; otherwise a warning while it still works. */
  blocking: z.boolean(),
});
export type OwnerFault = z.infer<typeof OwnerFault>;

type ChargePoint = SiteLiveView['chargePoints'][number];
type Connector = ChargePoint['connectors'][number];

const STATE_OF_STATUS: Record<string, OwnerChargePointState> = {
  Charging: 'charging',
  SuspendedEVSE: 'waitingForPower',
  SuspendedEV: 'carNotCharging',
  Preparing: 'preparing',
  Finishing: 'finished',
  Available: 'available',
  Reserved: 'reserved',
  Unavailable: 'unavailable',
  Faulted: 'faulted',
};

// When connectors differ, the one that matters most to the owner speaks for the charge point.
const PRIORITY: OwnerChargePointState[] = [
  'faulted',
  'charging',
  'waitingForPower',
  'carNotCharging',
  'preparing',
  'finished',
  'reserved',
  'unavailable',
  'available',
  'unknown',
];

/** One charge point's state in plain words, and since when (the status time of the connector shown). */
export function ownerChargePointState(
  cp: ChargePoint,
  paused: boolean,
): { state: OwnerChargePointState; since?: string } {
  if (!cp.online) return { state: 'offline', ...(cp.seenAt !== undefined && { since: cp.seenAt }) };
  const outlets = cp.connectors.filter((c) => c.connectorId > 0);
  const shown = outlets.length ? outlets : cp.connectors;
  let best: { state: OwnerChargePointState; connector?: Connector } = { state: 'unknown' };
  for (const c of shown) {
    const state = (c.status && STATE_OF_STATUS[c.status]) ?? 'unknown';
    if (PRIORITY.indexOf(state) < PRIORITY.indexOf(best.state)) best = { state, connector: c };
  }
  // A paused charge point offers 0 A: the car waits for power because the owner asked for it.
  const state = paused && best.state === 'waitingForPower' ? 'paused' : best.state;
  const since = best.connector?.statusAt;
  return { state, ...(since !== undefined && { since }) };
}

/** The site's faults: connector error codes (any status), offline charge points, disconnected meters. */
export function ownerFaults(site: SiteLiveView): OwnerFault[] {
  const faults: OwnerFault[] = [];
  const codes = new Set<string>(OWNER_FAULT_CODES);
  for (const cp of site.chargePoints) {
    if (!cp.online) {
      faults.push({
        code: 'Offline',
        chargePointId: cp.chargePointId,
        ...(cp.seenAt !== undefined && { since: cp.seenAt }),
        blocking: true,
      });
      continue;
    }
    for (const c of cp.connectors) {
      const faulted = c.status === 'Faulted';
      const hasError = c.errorCode !== undefined && c.errorCode !== 'NoError';
      if (!faulted && !hasError) continue;
      const code = c.errorCode !== undefined && codes.has(c.errorCode) ? c.errorCode : 'OtherError';
      faults.push({
        code: code as OwnerFaultCode,
        chargePointId: cp.chargePointId,
        ...(c.connectorId > 0 && { connectorId: c.connectorId }),
        ...(c.statusAt !== undefined && { since: c.statusAt }),
        blocking: faulted,
      });
    }
  }
  for (const n of site.dlmNetworks) {
    const connected = n.meter?.connected ?? n.state?.externalMeter.connected;
    if (connected === false)
      faults.push({
        code: 'MeterDisconnected',
        chargePointId: n.masterChargePointId,
        ...(n.meterAt !== undefined && { since: n.meterAt }),
        blocking: false,
      });
  }
  return faults;
}
