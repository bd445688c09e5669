import { exportSitesCsv } from '@ampfleet/app';
import { orgProcedure, toTrpcError } from '../../trpc';
import { SitesExportInput, SitesExportOutput } from './sites.types';

/** The filtered site list as CSV (every match, the list's order); the client saves it as a file. */
export const exportCsv = orgProcedure('fleet:read')
  .input(SitesExportInput)
  .output(SitesExportOutput)
  .query(({ ctx, input }) =>
    exportSitesCsv(ctx, input).then(
      ({ csv, rows }) => ({ filename: `sites-${ctx.clock.now().toISOString().slice(0, 10)}.csv`, csv, rows }),
      toTrpcError,
    ),
  );
