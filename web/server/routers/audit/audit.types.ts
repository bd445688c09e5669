import { SiteId } from '@ampfleet/domain';
import { z } from 'zod';
import { FindingView } from '../config/config.types';

// audit.* inputs and outputs (issue #12 point 7).
export const AuditFindingsInput = z.object({ siteId: SiteId }).strict();
export const AuditFindingsOutput = z.object({
  version: z.number().int(),
  findings: z.array(FindingView),
  summary: z.object({ errors: z.number(), warnings: z.number(), infos: z.number() }),
});
