import { simulateLoad } from '@ampfleet/app';
import { partnerRead } from '../../openapi-meta';
import { siteProcedure, toTrpcError } from '../../trpc';
import { LoadSimulateInput, LoadSimulateOutput } from './load.types';

/**
 * One chunk of the what-if "can this connection carry N more charge points?": the site with `chunk`
 * more charge points over 24 h. A read (it changes nothing); callers run chunks 0..N for the curve.
 */
export const simulate = siteProcedure('site:read')
  .meta(
    partnerRead(
      '/sites/{siteId}/load/simulate',
      'What-if: the site with `chunk` of `additionalChargePoints` more charge points, simulated over 24 h',
    ),
  )
  .input(LoadSimulateInput)
  .output(LoadSimulateOutput)
  .query(({ ctx, input }) => simulateLoad(ctx, input).catch(toTrpcError));
