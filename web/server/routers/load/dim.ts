import { randomUUID } from 'node:crypto';
import { dimLoad } from '@ampfleet/app';
import { commandPublisher } from '../../publisher';
import { siteProcedure, toTrpcError } from '../../trpc';
import { LoadControlOutput, LoadDimInput } from './load-control.types';

/** Starts or ends a §14a EnWG dimming signal for a site (logged for the grid operator) (use case: @ampfleet/app dimLoad; partner scope 'commands'). */
export const dim = siteProcedure('site:load')
  .input(LoadDimInput)
  .output(LoadControlOutput)
  .mutation(({ ctx, input }) =>
    dimLoad({ ...ctx, publisher: commandPublisher(), newId: () => randomUUID() }, input).catch(toTrpcError),
  );
