import { randomUUID } from 'node:crypto';
import { applyDrift } from '@ampfleet/app';
import { commandPublisher } from '../../publisher';
import { siteProcedure, toTrpcError } from '../../trpc';
import { DriftApplyInput, DriftApplyOutput } from './drift.types';

/**
 * "Apply desired": ChangeConfiguration commands for the drifted parameters of the site's ECUs (or the
 * given ones); Save & Restart ones with a Reset only if `confirmRestart`, never during a transaction
 * unless `force`. Returns the run's id; while a run is in flight it is returned again, nothing sent.
 */
export const applyDesired = siteProcedure('site:configure')
  .input(DriftApplyInput)
  .output(DriftApplyOutput)
  .mutation(({ ctx, input }) =>
    applyDrift({ ...ctx, publisher: commandPublisher(), newId: () => randomUUID() }, input).catch(
      toTrpcError,
    ),
  );
