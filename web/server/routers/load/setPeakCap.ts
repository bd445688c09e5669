import { randomUUID } from 'node:crypto';
import { setLoadPeakCap } from '@ampfleet/app';
import { commandPublisher } from '../../publisher';
import { siteProcedure, toTrpcError } from '../../trpc';
import { LoadControlOutput, LoadSetPeakCapInput } from './load-control.types';

/** Sets or removes a site's peak cap in kW at the meter point (use case: @ampfleet/app setLoadPeakCap; partner scope 'commands'). */
export const setPeakCap = siteProcedure('site:load')
  .input(LoadSetPeakCapInput)
  .output(LoadControlOutput)
  .mutation(({ ctx, input }) =>
    setLoadPeakCap({ ...ctx, publisher: commandPublisher(), newId: () => randomUUID() }, input).catch(
      toTrpcError,
    ),
  );
