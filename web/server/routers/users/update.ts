import { updateUser } from '@ampfleet/app';
import { orgProcedure, toTrpcError } from '../../trpc';
import { MemberView, UsersUpdateInput } from './users.types';

/** Changes a member's role and assigned sites; effective on their next request. */
export const update = orgProcedure('org:users')
  .input(UsersUpdateInput)
  .output(MemberView)
  .mutation(({ ctx, input }) => updateUser(ctx, input).catch(toTrpcError));
