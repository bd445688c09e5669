import type { RolloutStatus } from '@ampfleet/domain';
import { recordAudit, requireAccess } from '../../access';
import { ConflictError, NotFoundError } from '../../errors';
import type { CallerContext } from '../../ports';

// Pause, resume and cancel: a conditional status change (nothing written from the wrong status). Paused:
// no new site starts, sites in flight still collect their results. Cancelled: queued sites never start.

const MOVES: Record<'pause' | 'resume' | 'cancel', { from: RolloutStatus[]; to: RolloutStatus }> = {
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  cancel: { from: ['running', 'paused'], to: 'cancelled' },
};

export async function controlRollout(
  ctx: CallerContext,
  input: { rolloutId: string; action: keyof typeof MOVES },
): Promise<{ rolloutId: string; status: RolloutStatus }> {
  requireAccess(ctx, 'fleet:configure');
  const stored = await ctx.repos.rollouts.get(input.rolloutId);
  if (!stored) throw new NotFoundError(`rollout ${input.rolloutId} not found`);
  const move = MOVES[input.action];
  const moved = await ctx.repos.rollouts.setStatus(input.rolloutId, {
    ...move,
    at: ctx.clock.now().toISOString(),
  });
  if (!moved) {
    const now = (await ctx.repos.rollouts.get(input.rolloutId))?.rollout.status;
    throw new ConflictError(`rollout ${input.rolloutId} is ${now ?? 'gone'}: cannot ${input.action} it`);
  }
  await recordAudit(ctx, { action: 'rollout.change', target: input.rolloutId, detail: input.action });
  return { rolloutId: input.rolloutId, status: move.to };
}
