import { SiteId } from '@ampfleet/domain';
import { z } from 'zod';
import { FindingView } from '../config/config.types';

// audit.* inputs and outputs (issue #12 point 7).
export const AuditFindingsInput = z.object({ siteId: SiteId }).strict();
export const AuditFindingsOutput = z.object({
  version: z.number().int(),
  findings: z.array(FindingView),
  summary: z.object({ errors: z.number(), warnings: z.number(), infos: z.number() }),
  /** 'stored': the audit-drift handler's result for this version; 'computed': on read (the handler lags). */
  source: z.enum(['stored', 'computed']),
  computedAt: z.string(),
});

const Counts = z.record(z.string(), z.number().int());
/** The organisation's roll-up, kept current by the audit-drift handler (never a scan of the fleet). */
export const AuditFleetOutput = z.object({
  sites: z.number().int(),
  ecus: z.number().int(),
  findingsBySeverity: z.object({
    error: z.number().int(),
    warning: z.number().int(),
    info: z.number().int(),
  }),
  findingsByRule: Counts,
  /** Sites with at least one finding of the rule. */
  sitesByRule: Counts,
  driftedEcus: z.number().int(),
  /** Sites with at least one drifted ECU. */
  driftedSites: z.number().int(),
  driftedParameters: z.number().int(),
  unreportedEcus: z.number().int(),
  inSyncEcus: z.number().int(),
  /** ECUs drifted per catalog parameter key. */
  driftedByParameter: Counts,
  /** ECUs per firmware major.minor ('unknown' when unreadable). */
  firmwareMix: Counts,
  /** When the roll-up last changed; absent before any site was audited. */
  updatedAt: z.string().optional(),
});
