import { readFleetOverview } from '@ampfleet/app';
import { FleetOverview } from '@ampfleet/domain';
import { z } from 'zod';
import { partnerRead } from '../../openapi-meta';
import { orgProcedure, toTrpcError } from '../../trpc';

/** The caller's fleet at a glance: charge points by state, current load, sites with findings. */
export const overview = orgProcedure('fleet:read')
  .meta(
    partnerRead(
      '/fleet/overview',
      'Your fleet at a glance: charge points by state, current load, sites with findings',
    ),
  )
  .input(z.void())
  .output(FleetOverview)
  .query(({ ctx }) => readFleetOverview(ctx).catch(toTrpcError));
