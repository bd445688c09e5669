import { randomUUID } from 'node:crypto';
import { createRollout } from '@ampfleet/app';
import { orgProcedure, toTrpcError } from '../../trpc';
import { RolloutsCreateInput, RolloutsCreateOutput } from './rollouts.types';

/**
 * Dry run (`dryRun: true`: per site the findings the change causes and removes, nothing written) or the
 * rollout itself; each selected site needs site:configure (a site the caller may not configure: NOT_FOUND).
 */
export const create = orgProcedure('fleet:configure')
  .input(RolloutsCreateInput)
  .output(RolloutsCreateOutput)
  .mutation(({ ctx, input }) =>
    createRollout({ ...ctx, newId: () => randomUUID() }, input).catch(toTrpcError),
  );
