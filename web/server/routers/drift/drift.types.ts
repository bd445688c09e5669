import { ChargePointId, ECU_APPLY_STATUSES, SiteId } from '@ampfleet/domain';
import { z } from 'zod';

// drift.* inputs and outputs (issue #12 point 7): the domain's SiteDriftReport (drift/rollup.ts).
const Counts = z.object({
  ecus: z.number(),
  inSync: z.number(),
  drifted: z.number(),
  unreported: z.number(),
  driftedParameters: z.number(),
  notApplicable: z.number(),
});
const EcuDrift = z.object({
  stationId: z.string(),
  chargePointId: z.string(),
  firmware: z.string(),
  /** Absent: the ECU has not reported its configuration yet. */
  reported: z.boolean(),
  reportedAt: z.string().optional(),
  drift: z
    .object({
      firmware: z.string().optional(),
      drifted: z.array(
        z.object({
          key: z.string(),
          name: z.string(),
          status: z.enum(['changed', 'missing']),
          desired: z.string(),
          reported: z.string().optional(),
          apply: z.string(),
        }),
      ),
      notApplicable: z.array(
        z.object({ key: z.string(), reason: z.enum(['parameter', 'option']), message: z.string() }),
      ),
      unverifiable: z.array(z.string()),
      invalid: z.array(z.object({ name: z.string(), key: z.string(), reason: z.string() })),
      unknownNames: z.array(z.string()),
      inSync: z.boolean(),
    })
    .optional(),
});

export const DriftGetInput = z.object({ siteId: SiteId }).strict();
export const DriftGetOutput = z.object({
  siteId: z.string(),
  version: z.number().int(),
  ecus: z.array(EcuDrift),
  counts: Counts,
  firmwareMix: z.record(z.string(), z.number()),
  /**
   * 'stored': the audit-drift handler's result (it may lag a snapshot newer than the ECUs' `reportedAt`
   * by the handler's delay); 'computed': on read, because the stored one belongs to an older version.
   */
  source: z.enum(['stored', 'computed']),
  computedAt: z.string(),
});

// drift.applyDesired / drift.applyStatus ("apply desired"): the run's per-ECU progress (@ampfleet/app applyDrift).
export const DriftApplyInput = z
  .object({
    siteId: SiteId,
    /** Only these ECUs (default: every drifted ECU of the site). */
    chargePointIds: z.array(ChargePointId).min(1).max(200).optional(),
    /** Apply 'Save & Restart' parameters with a Reset of the ECU. */
    confirmRestart: z.boolean().default(false),
    /** Reset even while a transaction runs on the ECU. */
    force: z.boolean().default(false),
  })
  .strict();
export const DriftApplyOutput = z.object({ runId: z.string(), created: z.boolean() });

export const DriftApplyStatusInput = z.object({ siteId: SiteId, runId: z.uuid().optional() }).strict();
const Change = z.object({ param: z.string(), name: z.string(), display: z.string(), apply: z.string() });
export const EcuApplyView = z.object({
  chargePointId: z.string(),
  stationId: z.string(),
  firmware: z.string(),
  status: z.enum(ECU_APPLY_STATUSES),
  detail: z.string(),
  changes: z.array(Change.extend({ command: z.string(), reported: z.boolean() })),
  held: z.array(Change),
  holdReason: z.enum(['restartNotConfirmed', 'transactionRunning']).optional(),
  unsendable: z.array(
    z.object({
      param: z.string(),
      name: z.string(),
      reason: z.enum(['readOnly', 'secretNotHeld', 'unknownFirmware']),
    }),
  ),
});
export const DriftApplyStatusOutput = z.object({
  run: z
    .object({
      runId: z.string(),
      createdAt: z.string(),
      createdBy: z.string(),
      deadline: z.string(),
      confirmRestart: z.boolean(),
      force: z.boolean(),
      inFlight: z.boolean(),
      ecus: z.array(EcuApplyView),
    })
    .optional(),
});
export type DriftApplyStatusOutput = z.infer<typeof DriftApplyStatusOutput>;
