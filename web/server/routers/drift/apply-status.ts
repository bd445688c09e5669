import { randomUUID } from 'node:crypto';
import { readDriftApplyStatus } from '@ampfleet/app';
import { commandPublisher } from '../../publisher';
import { siteProcedure, toTrpcError } from '../../trpc';
import { DriftApplyStatusInput, DriftApplyStatusOutput } from './drift.types';

/**
 * Per-ECU progress of an apply run (default: the site's newest). A mutation, not a read: it takes the
 * run's due step — the confirmed Reset of an ECU whose changes are all answered — once.
 */
export const applyStatus = siteProcedure('site:configure')
  .input(DriftApplyStatusInput)
  .output(DriftApplyStatusOutput)
  .mutation(async ({ ctx, input }) => {
    try {
      const run = await readDriftApplyStatus(
        { ...ctx, publisher: commandPublisher(), newId: () => randomUUID() },
        input,
      );
      return run ? { run } : {};
    } catch (err) {
      return toTrpcError(err);
    }
  });
