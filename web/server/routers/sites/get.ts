import { readSite } from '@ampfleet/app';
import { siteProcedure, toTrpcError } from '../../trpc';
import { SitesGetInput, SitesGetOutput } from './sites.types';

/** One of the caller's sites, live: charge points, connectors, sessions, DLM networks. */
export const get = siteProcedure('site:read')
  .input(SitesGetInput)
  .output(SitesGetOutput)
  .query(({ ctx, input }) => readSite(ctx, input).catch(toTrpcError));
