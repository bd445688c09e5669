import { randomUUID } from 'node:crypto';
import { pauseCharging } from '@ampfleet/app';
import { commandPublisher } from '../../publisher';
import { siteProcedure, toTrpcError } from '../../trpc';
import { commandView } from '../commands/view';
import { DashboardPauseInput, DashboardPauseOutput } from './pause.types';

/**
 * The owner's "pause charging" at a charge point (car stays plugged in, no current): a command of its
 * own procedure, so roles can allow it to a site owner without allowing commands.send.
 */
export const pause = siteProcedure('site:owner-action')
  .input(DashboardPauseInput)
  .output(DashboardPauseOutput)
  .mutation(({ ctx, input }) =>
    pauseCharging({ ...ctx, publisher: commandPublisher(), newId: () => randomUUID() }, input).then(
      commandView,
      toTrpcError,
    ),
  );
