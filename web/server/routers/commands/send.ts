import { randomUUID } from 'node:crypto';
import { sendCommand } from '@ampfleet/app';
import { commandPublisher } from '../../publisher';
import { siteProcedure, toTrpcError } from '../../trpc';
import { CommandsSendInput, CommandView } from './commands.types';
import { commandView } from './view';

/** Sends a command to a charge point of one of the caller's sites (use case: @ampfleet/app sendCommand). */
export const send = siteProcedure('site:owner-action')
  .input(CommandsSendInput)
  .output(CommandView)
  .mutation(async ({ ctx, input }) => {
    try {
      return commandView(
        await sendCommand({ ...ctx, publisher: commandPublisher(), newId: () => randomUUID() }, input),
      );
    } catch (err) {
      return toTrpcError(err);
    }
  });
