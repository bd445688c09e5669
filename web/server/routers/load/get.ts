import { readLoad } from '@ampfleet/app';
import { partnerRead } from '../../openapi-meta';
import { siteProcedure, toTrpcError } from '../../trpc';
import { LoadGetInput, LoadGetOutput } from './load.types';

/** A site's load per DLM network: latest state, configured limits, and the twin's predicted offers. */
export const get = siteProcedure('site:read')
  .meta(
    partnerRead(
      '/sites/{siteId}/load',
      'A site’s load per DLM network: latest state, configured limits, predicted offer per charge point',
    ),
  )
  .input(LoadGetInput)
  .output(LoadGetOutput)
  .query(({ ctx, input }) => readLoad(ctx, input).catch(toTrpcError));
