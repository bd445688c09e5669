import { exportAuditTrailCsv } from '@ampfleet/app';
import { orgProcedure, toTrpcError } from '../../trpc';
import { AuditTrailExportInput, AuditTrailExportOutput } from './audit-trail.types';

/** The filtered audit trail as CSV. */
export const exportCsv = orgProcedure('org:audit-trail')
  .input(AuditTrailExportInput)
  .output(AuditTrailExportOutput)
  .query(({ ctx, input }) =>
    exportAuditTrailCsv(ctx, input).then(
      (csv) => ({ filename: `audit-trail-${ctx.clock.now().toISOString().slice(0, 10)}.csv`, csv }),
      toTrpcError,
    ),
  );
