import { getConfig } from '@ampfleet/app';
import { partnerRead } from '../../openapi-meta';
import { siteProcedure, toTrpcError } from '../../trpc';
import { ConfigGetInput, ConfigGetOutput } from './config.types';

/** The site's desired configuration at its latest version, secrets masked, with its findings summary. */
export const get = siteProcedure('site:read')
  .meta(
    partnerRead(
      '/sites/{siteId}/config',
      'The site’s desired configuration (secrets masked) and its audit summary',
    ),
  )
  .input(ConfigGetInput)
  .output(ConfigGetOutput)
  .query(({ ctx, input }) => getConfig(ctx, input).catch(toTrpcError));
