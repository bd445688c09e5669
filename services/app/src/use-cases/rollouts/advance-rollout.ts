import { progressOf, sitesToStart, type RolloutProgress, type RolloutSiteRecord } from '@ampfleet/domain';
import type { CommandPublisher, UseCaseContext } from '../../ports';
import { collectSite, type RunnerSettings } from './collect-site';
import { dispatch } from './dispatch';
import { startSite } from './start-site';

// The rollout runner's step for one rollout (system work: no caller; the creator was checked at create):
// collect the results of the sites in flight, start queued sites up to the cap while running, and finish
// the rollout when no site is left. Every write is conditional on the state read, so two runners at once,
// or a step retried after a crash, do nothing twice.

export const DEFAULT_RUNNER_SETTINGS: RunnerSettings = { commandDeadlineS: 600, resultGraceS: 120 };

type Ctx = Pick<UseCaseContext, 'repos' | 'clock'> & { publisher: CommandPublisher };

export async function advanceRollout(
  ctx: Ctx,
  rolloutId: string,
  settings: RunnerSettings = DEFAULT_RUNNER_SETTINGS,
): Promise<RolloutProgress | undefined> {
  const stored = await ctx.repos.rollouts.get(rolloutId);
  if (!stored) return undefined;
  const { rollout } = stored;
  const sites = [...stored.sites];
  const write = async (i: number, next: RolloutSiteRecord) => {
    const current = sites[i] as RolloutSiteRecord;
    if (JSON.stringify(next) === JSON.stringify(current)) return;
    if (await ctx.repos.rollouts.updateSite(rolloutId, next, current.state)) sites[i] = next;
  };

  for (const [i, site] of sites.entries())
    if (site.state === 'applying') await write(i, await collectSite(ctx, rollout, site, settings));

  if (rollout.status === 'cancelled')
    for (const [i, site] of sites.entries())
      if (site.state === 'queued')
        await write(i, { ...site, state: 'cancelled', finishedAt: ctx.clock.now().toISOString() });

  if (rollout.status === 'running')
    for (const site of sitesToStart(sites, rollout.maxInFlight)) {
      const i = sites.indexOf(site);
      const started = await startSite(ctx, rollout, site);
      // Claim the site (queued → applying) before sending, so a second runner cannot send its commands too.
      await write(i, started);
      if (sites[i] !== started || started.state !== 'applying') continue;
      const commands = [];
      for (const ref of started.commands ?? [])
        commands.push(await dispatch(ctx, site.siteId, ref, settings.commandDeadlineS));
      await write(i, await collectSite(ctx, rollout, { ...started, commands }, settings));
    }

  const progress = progressOf(sites.map((s) => s.state));
  if (progress.queued === 0 && progress.inFlight === 0) {
    if (rollout.status === 'running')
      await ctx.repos.rollouts.setStatus(rolloutId, {
        from: ['running'],
        to: 'done',
        at: ctx.clock.now().toISOString(),
      });
    if (rollout.status !== 'paused') await ctx.repos.rollouts.retire(rolloutId);
  }
  return progress;
}
