import { SiteId } from '@ampfleet/domain';
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
