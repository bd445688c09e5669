import type { BootTelemetry, MeterValuesTelemetry, StatusTelemetry } from '../contracts/telemetry';

// What a charge point's message changes in its stored state, one pure planner per kind (messages.ts
// names the planner of each kind). Each change is guarded by an ordering attribute so that a late
// (replayed) message never overwrites newer state: the adapter applies `set` only if `orderedBy` is
// absent or ≤ `at`. Charge-point changes are ordered by the charge point's `seenAt`.

export type IngestTarget = { kind: 'chargePoint' } | { kind: 'connector'; connectorId: number };

export interface IngestChange {
  target: IngestTarget;
  orderedBy: 'seenAt' | 'statusAt' | 'meterAt';
  at: string;
  set: Record<string, string | number | Record<string, number>>;
}

/** Kinds that only move the charge point's freshness (heartbeat, DataTransfer). */
export const noStateChange = (): IngestChange[] => [];

export function planBootIngest(message: BootTelemetry): IngestChange[] {
  const at = message.observedAt;
  return [
    {
      target: { kind: 'chargePoint' },
      orderedBy: 'seenAt',
      at,
      set: {
        bootedAt: at,
        vendor: message.vendor,
        model: message.model,
        ...(message.serialNumber !== undefined && { serialNumber: message.serialNumber }),
        ...(message.firmwareVersion !== undefined && { firmwareVersion: message.firmwareVersion }),
      },
    },
  ];
}

export function planStatusIngest(message: StatusTelemetry): IngestChange[] {
  // Connector 0 is the charge point as a whole (OCPP 1.6 §4.9): stored like a connector.
  return [
    {
      target: { kind: 'connector', connectorId: message.connectorId },
      orderedBy: 'statusAt',
      at: message.observedAt,
      set: { status: message.status, errorCode: message.errorCode },
    },
  ];
}

export function planMeterValuesIngest(message: MeterValuesTelemetry): IngestChange[] {
  return [
    {
      target: { kind: 'connector', connectorId: message.connectorId },
      orderedBy: 'meterAt',
      at: message.observedAt,
      set: {
        currentImport: message.currentImport,
        currentOffered: message.currentOffered,
        ...(message.activePowerW !== undefined && { activePowerW: message.activePowerW }),
        ...(message.energyImportWh !== undefined && { energyImportWh: message.energyImportWh }),
      },
    },
  ];
}
