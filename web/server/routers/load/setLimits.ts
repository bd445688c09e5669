import { randomUUID } from 'node:crypto';
import { setLoadLimits } from '@ampfleet/app';
import { commandPublisher } from '../../publisher';
import { siteProcedure, toTrpcError } from '../../trpc';
import { LoadControlOutput, LoadSetLimitsInput } from './load-control.types';

/** Sets a site's standing limits: site limit per phase, per-network caps (≤ EVSE Sub-Distribution Limit) (use case: @ampfleet/app setLoadLimits; partner scope 'commands'). */
export const setLimits = siteProcedure('site:load')
  .input(LoadSetLimitsInput)
  .output(LoadControlOutput)
  .mutation(({ ctx, input }) =>
    setLoadLimits({ ...ctx, publisher: commandPublisher(), newId: () => randomUUID() }, input).catch(
      toTrpcError,
    ),
  );
