import { CommandTargetUnknownError } from '@ampfleet/adapters';
import { Command, COMMAND_SCHEMA_VERSION, type RolloutCommandRef } from '@ampfleet/domain';
import type { CommandPublisher, UseCaseContext } from '../../ports';

// Sends one of a rollout's commands at most once per id: a record that exists already is not written again
// (a retried step re-publishes a pending one — the agent executes a command id once). The same envelope
// and record as sendCommand, on the system's behalf: the rollout's creator was checked when it was created.

export type Dispatched = RolloutCommandRef & { error?: string };

export async function dispatch(
  ctx: Pick<UseCaseContext, 'repos' | 'clock'> & { publisher: CommandPublisher },
  siteId: string,
  ref: RolloutCommandRef,
  deadlineS: number,
): Promise<Dispatched> {
  const existing = await ctx.repos.commands.get(siteId, ref.commandId);
  if (existing && existing.status !== 'pending') return ref;
  const now = ctx.clock.now();
  const command =
    existing?.command ??
    Command.parse({
      v: COMMAND_SCHEMA_VERSION,
      commandId: ref.commandId,
      issuedAt: now.toISOString(),
      deadline: new Date(now.getTime() + deadlineS * 1000).toISOString(),
      chargePointId: ref.chargePointId,
      ...(ref.kind === 'reset'
        ? { kind: 'reset', type: 'Soft' }
        : { kind: 'changeConfiguration', key: ref.key, value: ref.value }),
    });
  if (!existing) {
    try {
      await ctx.repos.commands.create(siteId, command, Math.floor(now.getTime() / 1000));
    } catch (err) {
      // The ECU never reported to the cloud: this ECU fails, the others go on.
      if (err instanceof CommandTargetUnknownError) return { ...ref, error: err.message };
      throw err;
    }
  }
  try {
    await ctx.publisher.publish(ctx.repos.orgId, siteId, command);
  } catch (err) {
    await ctx.repos.commands.failPending(siteId, ref.commandId, (err as Error).message, now.toISOString());
  }
  return ref;
}
