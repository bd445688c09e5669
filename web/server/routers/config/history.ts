import { configHistory } from '@ampfleet/app';
import { partnerRead } from '../../openapi-meta';
import { siteProcedure, toTrpcError } from '../../trpc';
import { ConfigHistoryInput, ConfigHistoryOutput } from './config.types';

/** The site's configuration versions, newest first, with author, time and comment. */
export const history = siteProcedure('site:read')
  .meta(
    partnerRead(
      '/sites/{siteId}/config/history',
      'The versions of the site’s configuration: author, time, comment',
    ),
  )
  .input(ConfigHistoryInput)
  .output(ConfigHistoryOutput)
  .query(({ ctx, input }) => configHistory(ctx, input).catch(toTrpcError));
