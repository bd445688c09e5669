import { revertConfig } from '@ampfleet/app';
import { siteProcedure, toTrpcError } from '../../trpc';
import { ConfigRevertInput, ConfigSaveOutput } from './config.types';

/** Saves an earlier version's content (secrets included) as a new version on `baseVersion`. */
export const revert = siteProcedure('site:configure')
  .input(ConfigRevertInput)
  .output(ConfigSaveOutput)
  .mutation(({ ctx, input }) => revertConfig(ctx, input).catch(toTrpcError));
