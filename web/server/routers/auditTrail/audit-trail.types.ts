import { AuditEntry, AuditTrailQuery } from '@ampfleet/domain';
import { z } from 'zod';

export const AuditTrailListInput = AuditTrailQuery;
export const AuditTrailListOutput = z.object({
  items: z.array(AuditEntry),
  nextCursor: z.string().optional(),
});
export const AuditTrailExportInput = AuditTrailQuery.omit({ limit: true, cursor: true });
export const AuditTrailExportOutput = z.object({ filename: z.string(), csv: z.string() });
