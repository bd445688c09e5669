import type { TelemetryMessage } from '../contracts/telemetry';

// What one telemetry message changes in the stored fleet state, independent of the database.
// Each change is guarded by an ordering attribute so that a late (replayed) message never
// overwrites newer state: the adapter applies `set` only if `orderedBy` is absent or ≤ `at`.
// Charge-point changes are ordered by the charge point's `seenAt` (one update per item and message).

export type IngestTarget = { kind: 'chargePoint' } | { kind: 'connector'; connectorId: number };

export interface IngestChange {
  target: IngestTarget;
  orderedBy: 'seenAt' | 'statusAt' | 'meterAt';
  at: string;
  set: Record<string, string | number | Record<string, number>>;
}

export interface IngestPlan {
  changes: IngestChange[];
  /** The site's and charge point's freshness marks move forward with every message. */
  observedAt: string;
}

export function planIngest(message: TelemetryMessage): IngestPlan {
  const at = message.observedAt;
  const changes: IngestChange[] = [];
  switch (message.type) {
    case 'boot':
      changes.push({
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
      });
      break;
    case 'heartbeat':
      break;
    case 'status':
      // Connector 0 is the charge point as a whole (OCPP 1.6 §4.9): stored like a connector.
      changes.push({
        target: { kind: 'connector', connectorId: message.connectorId },
        orderedBy: 'statusAt',
        at,
        set: { status: message.status, errorCode: message.errorCode },
      });
      break;
    case 'meterValues':
      changes.push({
        target: { kind: 'connector', connectorId: message.connectorId },
        orderedBy: 'meterAt',
        at,
        set: {
          currentImport: message.currentImport,
          currentOffered: message.currentOffered,
          ...(message.activePowerW !== undefined && { activePowerW: message.activePowerW }),
          ...(message.energyImportWh !== undefined && { energyImportWh: message.energyImportWh }),
        },
      });
      break;
  }
  return { changes, observedAt: at };
}
