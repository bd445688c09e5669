import { listSites } from '@ampfleet/app';
import { partnerRead } from '../../openapi-meta';
import { orgProcedure, toTrpcError } from '../../trpc';
import { SitesListInput, SitesListOutput } from './sites.types';

/** A page of the caller's sites: searched, filtered, sorted and paged on the server. */
export const list = orgProcedure('sites:list')
  .meta(partnerRead('/sites', 'A page of your sites: searched, filtered, sorted and paged on the server'))
  .input(SitesListInput)
  .output(SitesListOutput)
  .query(({ ctx, input }) => listSites(ctx, input).catch(toTrpcError));
