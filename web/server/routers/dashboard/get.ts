import { readOwnerDashboard } from '@ampfleet/app';
import { siteProcedure, toTrpcError } from '../../trpc';
import { DashboardGetInput, DashboardGetOutput } from './get.types';

/**
 * The site owner's dashboard: live power and per-phase current against the limit, charge points in
 * plain states, sessions today and energy this month (site time zone), faults, limit and schedule.
 */
export const get = siteProcedure('site:read')
  .input(DashboardGetInput)
  .output(DashboardGetOutput)
  .query(({ ctx, input }) => readOwnerDashboard(ctx, input).catch(toTrpcError));
