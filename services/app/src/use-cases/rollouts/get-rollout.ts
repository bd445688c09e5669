import {
  progressOf,
  type RolloutProgress,
  type RolloutRecord,
  type RolloutSiteRecord,
} from '@ampfleet/domain';
import { requireAccess } from '../../access';
import { NotFoundError } from '../../errors';
import type { CallerContext } from '../../ports';

export interface RolloutView {
  rollout: RolloutRecord;
  progress: RolloutProgress;
  sites: RolloutSiteRecord[];
}

/** A rollout with its progress, per-site states and per-ECU results. */
export async function getRollout(ctx: CallerContext, input: { rolloutId: string }): Promise<RolloutView> {
  requireAccess(ctx, 'fleet:configure');
  const stored = await ctx.repos.rollouts.get(input.rolloutId);
  if (!stored) throw new NotFoundError(`rollout ${input.rolloutId} not found`);
  return { ...stored, progress: progressOf(stored.sites.map((s) => s.state)) };
}

/** The organisation's latest rollouts, newest first. */
export async function listRollouts(ctx: CallerContext, input: { limit: number }): Promise<RolloutRecord[]> {
  requireAccess(ctx, 'fleet:configure');
  return ctx.repos.rollouts.list(input.limit);
}
