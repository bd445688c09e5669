import type { ReportedConfigRecord, ReportedConfigTelemetry } from '../contracts/reported-config';
import { splitEnvelope } from '../contracts/envelope';

// What a 'reportedConfig' snapshot changes: the ECU's reported-configuration item (one per site and
// charge point), replaced whole by a NEWER snapshot only. Newer = later `readOrder`: the ECU's answer
// time (observedAt, as UTC ISO so strings compare as times), then the agent's per-ECU `sequence` — a
// late or replayed older snapshot is a stale write the store's condition drops.

export interface ReportedConfigIngest {
  chargePointId: string;
  orderedBy: 'readOrder';
  /** Compares as the read order: `<UTC ISO time>#<sequence, 16 digits>`. */
  at: string;
  /** The record without `siteId` (the adapter adds the site it writes under). */
  set: Omit<ReportedConfigRecord, 'siteId'>;
}

export function readOrderOf(observedAt: string, sequence: number): string {
  return `${new Date(observedAt).toISOString()}#${String(sequence).padStart(16, '0')}`;
}

export function planReportedConfigIngest(message: ReportedConfigTelemetry): ReportedConfigIngest {
  const { envelope, body } = splitEnvelope(message);
  return {
    chargePointId: envelope.chargePointId,
    orderedBy: 'readOrder',
    at: readOrderOf(envelope.observedAt, body.sequence),
    set: {
      chargePointId: envelope.chargePointId,
      messageId: envelope.messageId,
      readAt: envelope.observedAt,
      ...body,
    },
  };
}
