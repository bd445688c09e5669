import { randomUUID } from 'node:crypto';
import { setLoadSchedule } from '@ampfleet/app';
import { commandPublisher } from '../../publisher';
import { siteProcedure, toTrpcError } from '../../trpc';
import { LoadControlOutput, LoadSetScheduleInput } from './load-control.types';

/** Sets a site's weekday schedule of site limits (site time zone) (use case: @ampfleet/app setLoadSchedule; partner scope 'commands'). */
export const setSchedule = siteProcedure('site:load')
  .input(LoadSetScheduleInput)
  .output(LoadControlOutput)
  .mutation(({ ctx, input }) =>
    setLoadSchedule({ ...ctx, publisher: commandPublisher(), newId: () => randomUUID() }, input).catch(
      toTrpcError,
    ),
  );
