import { z } from 'zod';
import { ConnectorStatus } from './status';
import { envelope, IsoTime as isoTime } from './envelope';
import { ChargePointId } from './ids';
import { perPhaseSchema } from '../phases/per-phase';

// Edge → cloud messages about a site's DLM networks (§7): the external meter's readings ('siteMeter')
// and the state the edge agent reconstructs per DLM network ('dlmState'). Both are periodic telemetry
// (the journal may aggregate them), except a 'siteMeter' with connected:false, which is an event.
// The envelope's subject (`chargePointId`) of both is the DLM master of the network, the network is
// `networkId` in the body (envelope.ts says why).

const amps = z.number().finite().min(0).max(5000);
const Phases = perPhaseSchema(amps);
/** Configured limits go up to 9999 A (the manual's 'no limit' value). */
const limitAmps = z.number().finite().min(0).max(10_000);
const LimitPhases = perPhaseSchema(limitAmps);
const volts = z.number().finite().min(0).max(1000);
const signedWatts = z.number().finite().min(-10_000_000).max(10_000_000);

export const DlmNetworkId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected 1–64 characters of A–Z, a–z, 0–9, _ or -');
export type DlmNetworkId = z.infer<typeof DlmNetworkId>;

export const MeterModelId = z.enum(['PAC2200', 'EEM-MB37x']);
export type MeterModelId = z.infer<typeof MeterModelId>;

/** Why a meter counts as disconnected (the edge's meter reader; all mean "meter_disconnected" for DLM). */
export const MeterFaultReason = z.enum([
  'connect_failed',
  'connection_closed',
  'timeout',
  'exception_reply',
  'invalid_value',
  'protocol_error',
]);

export const SiteMeterTelemetry = z
  .object({
    ...envelope,
    type: z.literal('siteMeter'),
    networkId: DlmNetworkId,
    model: MeterModelId,
    connected: z.boolean(),
    /** Per-phase current (A), voltage to neutral (V), active power (W, negative = export). Connected only. */
    currents: Phases.optional(),
    voltages: z.object({ l1: volts, l2: volts, l3: volts }).strict().optional(),
    activePowerW: signedWatts.optional(),
    energyImportWh: z.number().finite().min(0).optional(),
    frequencyHz: z.number().finite().min(40).max(70).optional(),
    /** Disconnected only: 'meter_disconnected' and why. */
    fault: MeterFaultReason.optional(),
    detail: z.string().max(300).optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.connected && (m.currents === undefined || m.voltages === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['currents'],
        message: 'a connected reading needs currents and voltages',
      });
    if (!m.connected && m.fault === undefined)
      ctx.addIssue({ code: 'custom', path: ['fault'], message: 'a disconnected meter needs a fault' });
  });
export type SiteMeterTelemetry = z.infer<typeof SiteMeterTelemetry>;

export const ExternalMeterMode = z.enum(['off', 'excludingEvse', 'includingEvse', 'unknown']);
export type ExternalMeterMode = z.infer<typeof ExternalMeterMode>;

export const DlmLimitSource = z.enum(['subDistribution', 'operator', 'downgrade', 'externalMeter']);

export const DlmCpState = z
  .object({
    id: ChargePointId,
    status: ConnectorStatus.optional(),
    offered: Phases,
    drawn: Phases,
    /** When the last MeterValues of this CP was observed. */
    meterAt: isoTime.optional(),
  })
  .strict();
export type DlmCpState = z.infer<typeof DlmCpState>;

export const DlmStateTelemetry = z
  .object({
    ...envelope,
    type: z.literal('dlmState'),
    networkId: DlmNetworkId,
    /** The master's firmware (from its BootNotification), which picked the configuration key names. */
    firmwareVersion: z.string().max(50).optional(),
    /** When the master's configuration was last read with GetConfiguration. */
    configReadAt: isoTime.optional(),
    /** The master's DLM Algorithm Sample Rate (s), or the edge config's until it is read. */
    sampleRateS: z.number().int().min(1).max(3600),
    limits: z
      .object({
        /** EVSE Sub-Distribution Limit (§7.1). */
        subDistribution: LimitPhases.optional(),
        /** Operator EVSE Sub-Distribution Limit (§7.1). */
        operator: LimitPhases.optional(),
        /** Main Distribution Limit − headroom − external load, with an external meter (§7.4). */
        externalAvailable: LimitPhases.optional(),
        /** What the DLM may distribute now, per phase; absent until the configuration is read. */
        effective: LimitPhases.optional(),
        effectiveSource: z.tuple([DlmLimitSource, DlmLimitSource, DlmLimitSource]).optional(),
      })
      .strict(),
    externalMeter: z
      .object({
        mode: ExternalMeterMode,
        /** Whether the edge configures a meter for this network. */
        configured: z.boolean(),
        /** Absent when no meter is configured or nothing was read yet. */
        connected: z.boolean().optional(),
        lastReading: Phases.optional(),
        lastReadingAt: isoTime.optional(),
        /** The fallback replaces the reading (meter mode on, meter disconnected) (§7.4.1). */
        usingFallback: z.boolean(),
      })
      .strict(),
    /** Σ over the network's CPs of Current.Offered and Current.Import, per phase (A). */
    offered: Phases,
    drawn: Phases,
    chargePoints: z.array(DlmCpState).max(500),
    imbalance: z
      .object({
        /** max − min of the drawn phase sums (A). */
        drawn: z.number().finite().min(0),
        prevention: z.boolean().optional(),
        limit: z.number().finite().min(0).optional(),
        /** prevention on and drawn > limit. */
        exceeded: z.boolean(),
      })
      .strict(),
  })
  .strict();
export type DlmStateTelemetry = z.infer<typeof DlmStateTelemetry>;
