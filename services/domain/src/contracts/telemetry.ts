import { z } from 'zod';
import { perPhaseSchema, type PerPhaseAmps } from '../phases/per-phase';
import { envelope } from './envelope';
import { ConnectorStatus } from './status';

// MQTT telemetry payloads about a charge point, from the edge agent (topic channel 'telemetry'). One
// message per OCPP event, normalised: per-phase values as {l1,l2,l3} in grid-phase order as the ECU
// reports them (A, V, W, Wh). The envelope (v, messageId, chargePointId, observedAt) is envelope.ts;
// the union of every kind, with what the journal and the ingest do with each, is messages.ts.

export { TELEMETRY_SCHEMA_VERSION } from './envelope';
// Type only: messages.ts imports this file, so a value re-export would be an import cycle.
export type { TelemetryMessage } from './messages';

/** Largest current any ECU-run charge point or site meter can report, per phase (A). */
const MAX_PHASE_CURRENT_A = 5000;

const amps = z.number().finite().min(0).max(MAX_PHASE_CURRENT_A);
/** Per grid phase, the one per-phase form of the phases module (each contract keeps its own bounds). */
export const PhaseCurrents = perPhaseSchema(amps);
export type PhaseCurrents = PerPhaseAmps;

export { ConnectorStatus } from './status';

export const BootTelemetry = z
  .object({
    ...envelope,
    type: z.literal('boot'),
    vendor: z.string().max(20),
    model: z.string().max(20),
    serialNumber: z.string().max(25).optional(),
    firmwareVersion: z.string().max(50).optional(),
  })
  .strict();

export const HeartbeatTelemetry = z.object({ ...envelope, type: z.literal('heartbeat') }).strict();

export const StatusTelemetry = z
  .object({
    ...envelope,
    type: z.literal('status'),
    connectorId: z.number().int().min(0).max(16),
    status: ConnectorStatus,
    errorCode: z.string().max(50),
  })
  .strict();

export const MeterValuesTelemetry = z
  .object({
    ...envelope,
    type: z.literal('meterValues'),
    connectorId: z.number().int().min(1).max(16),
    /** Current drawn by the EV per grid phase (OCPP Current.Import, A). */
    currentImport: PhaseCurrents,
    /** Current offered to the EV per phase (OCPP Current.Offered, A). */
    currentOffered: PhaseCurrents,
    activePowerW: z.number().finite().min(0).max(1_000_000).optional(),
    energyImportWh: z.number().finite().min(0).optional(),
    /** The ECU's transactionId, when the reading belongs to one (may precede its StartTransaction). */
    transactionId: z.number().int().optional(),
  })
  .strict();

export type BootTelemetry = z.infer<typeof BootTelemetry>;
export type HeartbeatTelemetry = z.infer<typeof HeartbeatTelemetry>;
export type MeterValuesTelemetry = z.infer<typeof MeterValuesTelemetry>;
export type StatusTelemetry = z.infer<typeof StatusTelemetry>;
