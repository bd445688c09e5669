import { getCommandRecord } from '@ampfleet/adapters';
import { TRPCError } from '@trpc/server';
import { orgProcedure } from '../../trpc';
import { CommandsGetInput, CommandView } from './commands.types';
import { commandView } from './view';

/** One command of the caller's organisation (read by its org-scoped key) with its status. */
export const get = orgProcedure
  .input(CommandsGetInput)
  .output(CommandView)
  .query(async ({ ctx, input }) => {
    const record = await getCommandRecord(
      ctx.store.doc,
      ctx.store.table,
      ctx.orgId,
      input.siteId,
      input.commandId,
    );
    if (!record) throw new TRPCError({ code: 'NOT_FOUND', message: `command ${input.commandId} not found` });
    return commandView(record);
  });
