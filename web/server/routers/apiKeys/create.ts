import { createApiKey } from '@ampfleet/app';
import { orgProcedure, toTrpcError } from '../../trpc';
import { ApiKeysCreateInput, ApiKeysCreateOutput } from './api-keys.types';

/** Creates a key with scopes and a per-minute rate; the whole key is in this answer only. */
export const create = orgProcedure('org:api-keys')
  .input(ApiKeysCreateInput)
  .output(ApiKeysCreateOutput)
  .mutation(({ ctx, input }) => createApiKey(ctx, input).catch(toTrpcError));
