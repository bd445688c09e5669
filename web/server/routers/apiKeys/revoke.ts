import { revokeApiKey } from '@ampfleet/app';
import { orgProcedure, toTrpcError } from '../../trpc';
import { ApiKeysRevokeInput, ApiKeyView } from './api-keys.types';

/** Revokes a key: its next request gets 401. */
export const revoke = orgProcedure('org:api-keys')
  .input(ApiKeysRevokeInput)
  .output(ApiKeyView)
  .mutation(({ ctx, input }) => revokeApiKey(ctx, input).catch(toTrpcError));
