import { listCommands } from '@ampfleet/app';
import { partnerRead } from '../../openapi-meta';
import { siteProcedure, toTrpcError } from '../../trpc';
import { CommandsListInput, CommandsListOutput } from './commands.types';
import { commandView } from './view';

/** A site's latest commands (newest first), from the caller's organisation only. */
export const list = siteProcedure('site:read')
  .meta(partnerRead('/sites/{siteId}/commands', 'A site’s latest commands, newest first'))
  .input(CommandsListInput)
  .output(CommandsListOutput)
  .query(({ ctx, input }) =>
    listCommands(ctx, input).then((records) => ({ commands: records.map(commandView) }), toTrpcError),
  );
