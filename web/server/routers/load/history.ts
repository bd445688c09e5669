import { readLoadHistory } from '@ampfleet/app';
import { partnerRead } from '../../openapi-meta';
import { siteProcedure, toTrpcError } from '../../trpc';
import { LoadHistoryInput, LoadHistoryOutput } from './load.types';

/** Per-phase load history per DLM network at 1-minute resolution, downsampled to ≤ 1,500 points. */
export const history = siteProcedure('site:read')
  .meta(
    partnerRead(
      '/sites/{siteId}/load/history',
      'Per-phase load history per DLM network (1 h, 24 h, 7 d, 30 d; ≤ 1,500 points with min/max/avg)',
    ),
  )
  .input(LoadHistoryInput)
  .output(LoadHistoryOutput)
  .query(({ ctx, input }) => readLoadHistory(ctx, input).catch(toTrpcError));
