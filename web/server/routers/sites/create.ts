import { createSite } from '@ampfleet/app';
import { orgProcedure, toTrpcError } from '../../trpc';
import { SitesCreateInput, SitesCreateOutput } from './onboarding.types';

/** A new site from a template or an imported configuration (BAD_REQUEST naming the field, CONFLICT if the id exists). */
export const create = orgProcedure('sites:create')
  .input(SitesCreateInput)
  .output(SitesCreateOutput)
  .mutation(({ ctx, input }) => createSite(ctx, input).catch(toTrpcError));
