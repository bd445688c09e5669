import { controlRollout } from '@ampfleet/app';
import { orgProcedure, toTrpcError } from '../../trpc';
import { RolloutsControlInput, RolloutsControlOutput } from './rollouts.types';

/** Pause the rollout (CONFLICT, nothing written, when its status does not allow it). */
export const pause = orgProcedure('fleet:configure')
  .input(RolloutsControlInput)
  .output(RolloutsControlOutput)
  .mutation(({ ctx, input }) => controlRollout(ctx, { ...input, action: 'pause' }).catch(toTrpcError));
