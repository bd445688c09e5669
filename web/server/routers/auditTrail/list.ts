import { listAuditTrail } from '@ampfleet/app';
import { orgProcedure, toTrpcError } from '../../trpc';
import { AuditTrailListInput, AuditTrailListOutput } from './audit-trail.types';

/** Who did what and when, newest first (org admins). */
export const list = orgProcedure('org:audit-trail')
  .input(AuditTrailListInput)
  .output(AuditTrailListOutput)
  .query(({ ctx, input }) => listAuditTrail(ctx, input).catch(toTrpcError));
