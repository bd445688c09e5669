import { listRollouts } from '@ampfleet/app';
import { partnerRead } from '../../openapi-meta';
import { orgProcedure, toTrpcError } from '../../trpc';
import { RolloutsListInput, RolloutsListOutput } from './rollouts.types';

/** The organisation's latest rollouts, newest first. */
export const list = orgProcedure('fleet:configure')
  .meta(partnerRead('/rollouts', 'The organisation’s latest rollouts'))
  .input(RolloutsListInput)
  .output(RolloutsListOutput)
  .query(async ({ ctx, input }) => ({ rollouts: await listRollouts(ctx, input).catch(toTrpcError) }));
