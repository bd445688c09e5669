import { configDiff } from '@ampfleet/app';
import { partnerRead } from '../../openapi-meta';
import { siteProcedure, toTrpcError } from '../../trpc';
import { ConfigDiffInput, ConfigDiffOutput } from './config.types';

/** The parameter-level difference between two versions (secrets by path only). */
export const diff = siteProcedure('site:read')
  .meta(partnerRead('/sites/{siteId}/config/diff', 'Parameter-level changes between two versions'))
  .input(ConfigDiffInput)
  .output(ConfigDiffOutput)
  .query(({ ctx, input }) => configDiff(ctx, input).catch(toTrpcError));
