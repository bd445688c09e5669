import { auditFindings } from '@ampfleet/app';
import { partnerRead } from '../../openapi-meta';
import { siteProcedure, toTrpcError } from '../../trpc';
import { AuditFindingsInput, AuditFindingsOutput } from './audit.types';

/** The audit of the site's latest desired configuration: severity, manual §, message, parameter path. */
export const findings = siteProcedure('site:read')
  .meta(
    partnerRead(
      '/sites/{siteId}/audit/findings',
      'Audit findings of the site’s configuration, with the manual’s §',
    ),
  )
  .input(AuditFindingsInput)
  .output(AuditFindingsOutput)
  .query(({ ctx, input }) => auditFindings(ctx, input).catch(toTrpcError));
