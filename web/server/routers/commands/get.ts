import { getCommand } from '@ampfleet/app';
import { partnerRead } from '../../openapi-meta';
import { siteProcedure, toTrpcError } from '../../trpc';
import { CommandsGetInput, CommandView } from './commands.types';
import { commandView } from './view';

/** One command of the caller's organisation with its status. */
export const get = siteProcedure('site:read')
  .meta(partnerRead('/sites/{siteId}/commands/{commandId}', 'One command with its status'))
  .input(CommandsGetInput)
  .output(CommandView)
  .query(({ ctx, input }) => getCommand(ctx, input).then(commandView, toTrpcError));
