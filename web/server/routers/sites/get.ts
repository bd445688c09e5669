import { readSite } from '@ampfleet/app';
import { partnerRead } from '../../openapi-meta';
import { siteProcedure, toTrpcError } from '../../trpc';
import { SitesGetInput, SitesGetOutput } from './sites.types';

/** One of the caller's sites, live: charge points, connectors, sessions, DLM networks. */
export const get = siteProcedure('site:read')
  .meta(
    partnerRead(
      '/sites/{siteId}',
      'One of your sites, live: charge points, connectors, sessions, DLM networks',
    ),
  )
  .input(SitesGetInput)
  .output(SitesGetOutput)
  .query(({ ctx, input }) => readSite(ctx, input).catch(toTrpcError));
