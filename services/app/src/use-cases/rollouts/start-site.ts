import {
  diffSites,
  dryRunSite,
  joinSecrets,
  planEcuSteps,
  applyChange,
  type DesiredConfigVersion,
  type RolloutCommandRef,
  type RolloutRecord,
  type RolloutSiteRecord,
  type Site,
} from '@ampfleet/domain';
import type { UseCaseContext } from '../../ports';
import { rolloutCommandId } from './command-ids';

// One site's first step in a rollout: save the new desired version (author = the rollout's creator, comment
// = the rollout id, based on the head it read; a conflict retries on the new head), then list the
// ChangeConfiguration commands its changed parameters need. A retry after a crash finds its own version at
// the head (comment = rollout id) and does not save twice.

const SAVE_ATTEMPTS = 5;

type Started =
  | { state: 'applying'; version: number; before: Site; after: Site }
  | { state: 'done' }
  | { state: 'failed'; error: { path: string; message: string } };

async function saveChange(
  ctx: Pick<UseCaseContext, 'repos' | 'clock'>,
  rollout: RolloutRecord,
  siteId: string,
): Promise<Started> {
  for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
    const head = await ctx.repos.desiredConfig.get(siteId);
    if (!head)
      return {
        state: 'failed',
        error: { path: 'siteId', message: `site ${siteId} has no desired configuration` },
      };
    if (head.comment === rollout.rolloutId) return savedBefore(ctx, siteId, head);
    const whole = joinSecrets(head.site, head.secrets);
    // The site may have changed since the dry run: it must still take the change without new errors.
    const check = dryRunSite(whole, rollout.change);
    if (check.blocked)
      return {
        state: 'failed',
        error: check.error ?? {
          path: 'site',
          message: `would now cause ${check.newFindings
            .filter((f) => f.severity === 'error')
            .map((f) => f.ruleId)
            .join(', ')}`,
        },
      };
    const applied = applyChange(head.site, rollout.change);
    if (!applied.ok) return { state: 'failed', error: applied.error };
    const changes = diffSites(head.site, applied.site);
    if (changes.length === 0) return { state: 'done' };
    const version = head.version + 1;
    const outcome = await ctx.repos.desiredConfig.save(
      siteId,
      {
        version,
        savedAt: ctx.clock.now().toISOString(),
        savedBy: rollout.createdBy,
        comment: rollout.rolloutId,
        changes,
        site: applied.site,
        secrets: head.secrets,
      },
      head.version,
    );
    if (outcome === 'saved') return { state: 'applying', version, before: head.site, after: applied.site };
  }
  return {
    state: 'failed',
    error: { path: 'siteId', message: `the configuration kept changing: ${SAVE_ATTEMPTS} conflicts` },
  };
}

async function savedBefore(
  ctx: Pick<UseCaseContext, 'repos'>,
  siteId: string,
  head: DesiredConfigVersion,
): Promise<Started> {
  const previous = await ctx.repos.desiredConfig.get(siteId, head.version - 1);
  return { state: 'applying', version: head.version, before: previous?.site ?? head.site, after: head.site };
}

/** The site's record once its version is saved (or why it failed, or 'done' when nothing changes). */
export async function startSite(
  ctx: Pick<UseCaseContext, 'repos' | 'clock'>,
  rollout: RolloutRecord,
  site: RolloutSiteRecord,
): Promise<RolloutSiteRecord> {
  const at = ctx.clock.now().toISOString();
  const started = await saveChange(ctx, rollout, site.siteId);
  if (started.state === 'failed')
    return { ...site, state: 'failed', error: started.error, startedAt: at, finishedAt: at };
  if (started.state === 'done')
    return { ...site, state: 'done', steps: [], commands: [], ecus: [], startedAt: at, finishedAt: at };
  const steps = planEcuSteps(started.before, started.after);
  const commands = steps.flatMap((step) =>
    step.params.flatMap((p): RolloutCommandRef[] =>
      p.action === 'send' && p.key !== undefined
        ? [
            {
              commandId: rolloutCommandId(
                ctx.repos.orgId,
                rollout.rolloutId,
                site.siteId,
                step.chargePointId,
                p.key,
              ),
              chargePointId: step.chargePointId,
              kind: 'changeConfiguration',
              param: p.param,
              key: p.key,
              value: p.value,
            },
          ]
        : [],
    ),
  );
  return { ...site, state: 'applying', version: started.version, steps, commands, startedAt: at };
}
