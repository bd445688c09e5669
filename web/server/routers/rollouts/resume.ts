import { controlRollout } from '@ampfleet/app';
import { orgProcedure, toTrpcError } from '../../trpc';
import { RolloutsControlInput, RolloutsControlOutput } from './rollouts.types';

/** Resume the rollout (CONFLICT, nothing written, when its status does not allow it). */
export const resume = orgProcedure('fleet:configure')
  .input(RolloutsControlInput)
  .output(RolloutsControlOutput)
  .mutation(({ ctx, input }) => controlRollout(ctx, { ...input, action: 'resume' }).catch(toTrpcError));
