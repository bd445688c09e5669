import { randomUUID } from 'node:crypto';
import { CommandTargetUnknownError, createCommandRecord, failPendingCommand } from '@ampfleet/adapters';
import { Command, COMMAND_SCHEMA_VERSION, describeIssues, fieldIssues } from '@ampfleet/domain';
import { TRPCError } from '@trpc/server';
import { commandPublisher } from '../../publisher';
import { orgProcedure } from '../../trpc';
import { CommandsSendInput, CommandView } from './commands.types';
import { commandView } from './view';

/**
 * Sends a command to a charge point of one of the caller's sites: validated by the domain, stored
 * 'pending' (only if the site and charge point exist under the caller's organisation), then
 * published to the site's commands topic. The agent's result later closes the record (ingest).
 */
export const send = orgProcedure
  .input(CommandsSendInput)
  .output(CommandView)
  .mutation(async ({ ctx, input }) => {
    const now = new Date();
    const parsed = Command.safeParse({
      ...input.command,
      v: COMMAND_SCHEMA_VERSION,
      commandId: randomUUID(),
      issuedAt: now.toISOString(),
      deadline: new Date(now.getTime() + input.deadlineS * 1000).toISOString(),
      chargePointId: input.chargePointId,
    });
    if (!parsed.success) {
      const issues = fieldIssues(parsed.error).map((i) => ({ ...i, path: `command.${i.path}` }));
      throw new TRPCError({ code: 'BAD_REQUEST', message: describeIssues(issues) });
    }
    const command = parsed.data;
    let record;
    try {
      record = await createCommandRecord(ctx.store.doc, ctx.store.table, {
        orgId: ctx.orgId,
        siteId: input.siteId,
        command,
        nowEpochS: Math.floor(now.getTime() / 1000),
      });
    } catch (err) {
      if (err instanceof CommandTargetUnknownError)
        throw new TRPCError({ code: 'NOT_FOUND', message: err.message, cause: err });
      throw err;
    }
    try {
      await commandPublisher().publish(ctx.orgId, input.siteId, command);
    } catch (err) {
      const detail = (err as Error).message;
      await failPendingCommand(ctx.store.doc, ctx.store.table, record, detail, new Date().toISOString());
      return commandView({ ...record, status: 'failed', detail });
    }
    return commandView(record);
  });
