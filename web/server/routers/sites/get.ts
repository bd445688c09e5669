import { readSite } from '@ampfleet/app';
import { orgProcedure, toTrpcError } from '../../trpc';
import { SitesGetInput, SitesGetOutput } from './sites.types';

/** One of the caller's sites, live: charge points, connectors, sessions, DLM networks. */
export const get = orgProcedure
  .input(SitesGetInput)
  .output(SitesGetOutput)
  .query(({ ctx, input }) => readSite(ctx, input).catch(toTrpcError));
