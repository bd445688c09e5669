import { listApiKeys } from '@ampfleet/app';
import { orgProcedure, toTrpcError } from '../../trpc';
import { ApiKeysListOutput } from './api-keys.types';

/** The organisation's partner API keys: id, name, scopes, rate — never the secret or its hash. */
export const list = orgProcedure('org:api-keys')
  .output(ApiKeysListOutput)
  .query(({ ctx }) => listApiKeys(ctx).then((keys) => ({ keys }), toTrpcError));
