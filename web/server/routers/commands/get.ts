import { getCommand } from '@ampfleet/app';
import { siteProcedure, toTrpcError } from '../../trpc';
import { CommandsGetInput, CommandView } from './commands.types';
import { commandView } from './view';

/** One command of the caller's organisation with its status. */
export const get = siteProcedure('site:read')
  .input(CommandsGetInput)
  .output(CommandView)
  .query(({ ctx, input }) => getCommand(ctx, input).then(commandView, toTrpcError));
