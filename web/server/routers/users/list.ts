import { listUsers } from '@ampfleet/app';
import { orgProcedure, toTrpcError } from '../../trpc';
import { UsersListOutput } from './users.types';

/** The organisation's members with role and assigned sites (org admins). */
export const list = orgProcedure('org:users')
  .output(UsersListOutput)
  .query(({ ctx }) => listUsers(ctx).then((users) => ({ users }), toTrpcError));
