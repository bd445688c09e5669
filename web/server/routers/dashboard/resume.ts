import { randomUUID } from 'node:crypto';
import { resumeCharging } from '@ampfleet/app';
import { commandPublisher } from '../../publisher';
import { siteProcedure, toTrpcError } from '../../trpc';
import { commandView } from '../commands/view';
import { DashboardPauseInput, DashboardPauseOutput } from './pause.types';

/**
 * The owner's "resume": clears the pause so the charge point offers current again (see pause.ts).
 */
export const resume = siteProcedure('site:owner-action')
  .input(DashboardPauseInput)
  .output(DashboardPauseOutput)
  .mutation(({ ctx, input }) =>
    resumeCharging({ ...ctx, publisher: commandPublisher(), newId: () => randomUUID() }, input).then(
      commandView,
      toTrpcError,
    ),
  );
