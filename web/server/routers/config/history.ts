import { configHistory } from '@ampfleet/app';
import { siteProcedure, toTrpcError } from '../../trpc';
import { ConfigHistoryInput, ConfigHistoryOutput } from './config.types';

/** The site's configuration versions, newest first, with author, time and comment. */
export const history = siteProcedure('site:read')
  .input(ConfigHistoryInput)
  .output(ConfigHistoryOutput)
  .query(({ ctx, input }) => configHistory(ctx, input).catch(toTrpcError));
