import { CommandTargetUnknownError, type CommandRecord } from '@ampfleet/adapters';
import type { COMMAND_KINDS } from '@ampfleet/domain';
import {
  Command,
  COMMAND_SCHEMA_VERSION,
  commandPermission,
  describeIssues,
  fieldIssues,
  type Permission,
} from '@ampfleet/domain';
import { recordAudit, requireAccess } from '../access';
import { InvalidRequestError, NotFoundError } from '../errors';
import type { CallerContext, CommandPublisher, UseCaseContext } from '../ports';

export interface SendCommandRequest {
  siteId: string;
  chargePointId: string;
  deadlineS: number;
  /** `kind` and the kind's fields, e.g. { kind: 'setOperatorLimit', amps: 16 }. */
  command: { kind: (typeof COMMAND_KINDS)[number] } & Record<string, unknown>;
}

/**
 * Sends a command to a charge point of one of the organisation's sites: validated by the domain,
 * stored 'pending' (only if site and charge point exist in the org), then published; a publish
 * failure closes the record 'failed' at once. The agent's result later closes it (ingest).
 */
export async function sendCommand(
  ctx: CallerContext & { publisher: CommandPublisher; newId: () => string },
  request: SendCommandRequest,
  /** Set by use cases that send a fixed command on the caller's behalf (pause/resume: 'site:owner-action'). */
  permission: Permission = commandPermission(request.command.kind),
): Promise<CommandRecord> {
  // Which command decides the permission: a site owner may pause charging, not reconfigure the ECU.
  requireAccess(ctx, permission, request.siteId);
  const command = envelope(request, ctx.clock.now(), ctx.newId());
  const record = await store(ctx, request.siteId, command);
  await recordAudit(ctx, {
    action: 'command.send',
    siteId: request.siteId,
    target: request.chargePointId,
    detail: `${command.kind} (${command.commandId})`,
  });
  try {
    await ctx.publisher.publish(ctx.repos.orgId, request.siteId, command);
  } catch (err) {
    const detail = (err as Error).message;
    await ctx.repos.commands.failPending(
      request.siteId,
      record.commandId,
      detail,
      ctx.clock.now().toISOString(),
    );
    return { ...record, status: 'failed', detail };
  }
  return record;
}

function envelope(request: SendCommandRequest, now: Date, commandId: string): Command {
  const parsed = Command.safeParse({
    ...request.command,
    v: COMMAND_SCHEMA_VERSION,
    commandId,
    issuedAt: now.toISOString(),
    deadline: new Date(now.getTime() + request.deadlineS * 1000).toISOString(),
    chargePointId: request.chargePointId,
  });
  if (parsed.success) return parsed.data;
  const issues = fieldIssues(parsed.error).map((i) => ({ ...i, path: `command.${i.path}` }));
  throw new InvalidRequestError(describeIssues(issues), issues);
}

async function store(ctx: UseCaseContext, siteId: string, command: Command): Promise<CommandRecord> {
  try {
    return await ctx.repos.commands.create(siteId, command, Math.floor(ctx.clock.now().getTime() / 1000));
  } catch (err) {
    if (err instanceof CommandTargetUnknownError) throw new NotFoundError(err.message, { cause: err });
    throw err;
  }
}
