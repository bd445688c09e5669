import { randomBytes } from 'node:crypto';
import { inviteUser } from '@ampfleet/app';
import { identityContext } from '../../identity';
import { orgProcedure, toTrpcError } from '../../trpc';
import { UsersInviteInput, UsersInviteOutput } from './users.types';

/** A temporary password Cognito's default policy accepts (upper, lower, digit, symbol), 16+ characters. */
const temporaryPassword = () => `Tmp-${randomBytes(12).toString('base64url')}9a`;

/** Invites a person into the organisation with a role (and, for site owners, their sites). */
export const invite = orgProcedure('org:users')
  .input(UsersInviteInput)
  .output(UsersInviteOutput)
  .mutation(({ ctx, input }) =>
    inviteUser(
      { ...ctx, provider: identityContext().provider, newTemporaryPassword: temporaryPassword },
      input,
    ).then(
      ({ member, temporaryPassword: password }) => ({ user: member, temporaryPassword: password }),
      toTrpcError,
    ),
  );
