import { listCommandRecords } from '@ampfleet/adapters';
import { orgProcedure } from '../../trpc';
import { CommandsListInput, CommandsListOutput } from './commands.types';
import { commandView } from './view';

/** A site's latest commands (newest first), from the caller's organisation only. */
export const list = orgProcedure
  .input(CommandsListInput)
  .output(CommandsListOutput)
  .query(async ({ ctx, input }) => {
    const records = await listCommandRecords(
      ctx.store.doc,
      ctx.store.table,
      ctx.orgId,
      input.siteId,
      input.limit,
    );
    return { commands: records.map(commandView) };
  });
