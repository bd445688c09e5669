import { getRollout } from '@ampfleet/app';
import { partnerRead } from '../../openapi-meta';
import { orgProcedure, toTrpcError } from '../../trpc';
import { RolloutsGetInput, RolloutsGetOutput } from './rollouts.types';

/** A rollout's progress, per-site states and per-ECU results. */
export const get = orgProcedure('fleet:configure')
  .meta(partnerRead('/rollouts/{rolloutId}', 'A rollout with its progress and per-site, per-ECU results'))
  .input(RolloutsGetInput)
  .output(RolloutsGetOutput)
  .query(({ ctx, input }) => getRollout(ctx, input).catch(toTrpcError));
