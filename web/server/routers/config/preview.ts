import { previewConfig } from '@ampfleet/app';
import { siteProcedure, toTrpcError } from '../../trpc';
import { ConfigPreviewInput, ConfigPreviewOutput } from './config.types';

/**
 * The live audit preview of an unsaved draft: its findings and which are new or gone against the base
 * version. Writes nothing; a mutation only so the draft (a whole site) travels in the request body.
 */
export const preview = siteProcedure('site:read')
  .input(ConfigPreviewInput)
  .output(ConfigPreviewOutput)
  .mutation(({ ctx, input }) => previewConfig(ctx, input).catch(toTrpcError));
