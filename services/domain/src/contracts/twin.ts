import { z } from 'zod';
import { DlmNetworkId } from './dlm';
import { IsoTime } from './envelope';
import { ChargePointId } from './ids';

// The public contract of the twin's findings (issue #13 point 3), part of load.get's output: a persistent
// gap between the twin (the allocation engine over the configured site and the live state) and what the
// site reports, with a diagnosis. The domain returns codes and parameters; texts are the console's
// (web/messages/{en,de}/twin.json, one entry per code).

export const TwinFindingCode = z.enum([
  /** A phase-rotation setting contradicted by the measured draw (§3.2). */
  'phaseRotationContradicted',
  /** A DLM-Satellite the master does not serve: the offers are explained without it (§7). */
  'satelliteNotConnected',
  /** The master reports an EVSE Sub-Distribution / Operator limit other than configured (§7.1). */
  'limitNotAsConfigured',
  /** The master's external-meter setting is not the configured one (§7.4). */
  'meterSettingNotAsConfigured',
  /** The external meter is lost: the fallback replaces its reading (§7.4). */
  'fallbackMeterLost',
  /** The reported offer differs from the twin's and no other diagnosis explains it (§7). */
  'offerGap',
]);
export type TwinFindingCode = z.infer<typeof TwinFindingCode>;

/** Parameters of a diagnosis message (ICU placeholders of the console's texts). */
export const TwinFindingParams = z.record(z.string(), z.union([z.string(), z.number()]));
export type TwinFindingParams = z.infer<typeof TwinFindingParams>;

export const TwinDiagnosis = z
  .object({
    code: TwinFindingCode,
    networkId: DlmNetworkId,
    chargePointId: ChargePointId.optional(),
    /** The manual section the diagnosis rests on, e.g. '§3.2'. */
    manualSection: z.string(),
    params: TwinFindingParams,
  })
  .strict();
export type TwinDiagnosis = z.infer<typeof TwinDiagnosis>;

export const TwinFinding = TwinDiagnosis.extend({
  /** Stable per site: code, network and charge point. */
  id: z.string(),
  /** When the gap was first seen in the run that raised it. */
  firstSeenAt: IsoTime,
  /** When it had persisted over the window and became a finding. */
  raisedAt: IsoTime,
  /** The latest evaluation that still saw it. */
  lastSeenAt: IsoTime,
}).strict();
export type TwinFinding = z.infer<typeof TwinFinding>;
