import { configDiff } from '@ampfleet/app';
import { siteProcedure, toTrpcError } from '../../trpc';
import { ConfigDiffInput, ConfigDiffOutput } from './config.types';

/** The parameter-level difference between two versions (secrets by path only). */
export const diff = siteProcedure('site:read')
  .input(ConfigDiffInput)
  .output(ConfigDiffOutput)
  .query(({ ctx, input }) => configDiff(ctx, input).catch(toTrpcError));
