import { saveConfig } from '@ampfleet/app';
import { siteProcedure, toTrpcError } from '../../trpc';
import { ConfigSaveInput, ConfigSaveOutput } from './config.types';

/** Saves a new version on `baseVersion` (CONFLICT if stale, BAD_REQUEST naming the field; nothing written). */
export const save = siteProcedure('site:configure')
  .input(ConfigSaveInput)
  .output(ConfigSaveOutput)
  .mutation(({ ctx, input }) => saveConfig(ctx, input).catch(toTrpcError));
