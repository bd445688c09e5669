import { removeUser } from '@ampfleet/app';
import { identityContext } from '../../identity';
import { orgProcedure, toTrpcError } from '../../trpc';
import { MemberView, UsersRemoveInput } from './users.types';

/** Removes a member from the organisation (and their account). */
export const remove = orgProcedure('org:users')
  .input(UsersRemoveInput)
  .output(MemberView)
  .mutation(({ ctx, input }) =>
    removeUser({ ...ctx, provider: identityContext().provider }, input).catch(toTrpcError),
  );
