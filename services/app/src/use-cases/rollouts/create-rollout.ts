import {
  checkParameterValue,
  describeIssues,
  dryRunSite,
  fieldIssues,
  joinSecrets,
  RolloutChange,
  summarizeDryRun,
  type DryRunSummary,
  type RolloutSiteRecord,
  type SiteDryRun,
} from '@ampfleet/domain';
import { recordAudit, requireAccess } from '../../access';
import { InvalidRequestError, NotFoundError } from '../../errors';
import type { CallerContext } from '../../ports';
import { authorOf } from '../config/desired-config';

export interface CreateRolloutInput {
  siteIds: readonly string[];
  /** A parameter value or a §7.1–§7.4 template (the domain's RolloutChange, checked here). */
  change: unknown;
  /** true: only report what the change would cause, write nothing. */
  dryRun: boolean;
  /** Save & Restart parameters get a Reset (never while a transaction runs). */
  restartConfirmed?: boolean;
  /** Most sites with commands outstanding at once. */
  maxInFlight?: number;
}

export type CreateRolloutResult =
  | { dryRun: true; sites: SiteDryRun[]; summary: DryRunSummary }
  | { dryRun: false; rolloutId: string; sites: SiteDryRun[]; summary: DryRunSummary };

export const DEFAULT_MAX_IN_FLIGHT = 10;
/** How many sites' heads are read at once during the dry run. */
const READ_PARALLELISM = 16;

/**
 * A bulk rollout (issue #12 point 5). Always a dry run first: every selected site's audit with and without
 * the change. `dryRun: false` then stores the rollout — refused, with nothing written, while a selected site
 * is blocked (the change does not apply, or causes new errors): the caller deselects it and creates again.
 * The caller needs 'fleet:configure' and 'site:configure' on every selected site.
 */
export async function createRollout(
  ctx: CallerContext & { newId: () => string },
  input: CreateRolloutInput,
): Promise<CreateRolloutResult> {
  requireAccess(ctx, 'fleet:configure');
  const change = parseChange(input.change);
  const results = await dryRunAll(ctx, input.siteIds, change);
  const summary = summarizeDryRun(results);
  if (input.dryRun) return { dryRun: true, sites: results, summary };

  const blocked = results.flatMap((r, i) =>
    r.blocked
      ? [
          {
            path: `siteIds.${i}`,
            message: `${r.siteId}: ${r.error?.message ?? `${r.newFindings.filter((f) => f.severity === 'error').length} new error(s)`} — deselect it or fix it first`,
          },
        ]
      : [],
  );
  if (blocked.length) throw new InvalidRequestError(describeIssues(blocked), blocked);
  const now = ctx.clock.now().toISOString();
  const rolloutId = ctx.newId();
  const sites = input.siteIds.map((siteId, index): RolloutSiteRecord => ({ index, siteId, state: 'queued' }));
  await ctx.repos.rollouts.create(
    {
      rolloutId,
      createdAt: now,
      createdBy: authorOf(ctx),
      change,
      restartConfirmed: input.restartConfirmed ?? false,
      maxInFlight: input.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
      status: 'running',
      siteCount: sites.length,
      updatedAt: now,
    },
    sites,
  );
  await recordAudit(ctx, {
    action: 'rollout.change',
    target: rolloutId,
    detail: `created over ${sites.length} site(s)${input.restartConfirmed ? ', restart confirmed' : ''}`,
  });
  return { dryRun: false, rolloutId, sites: results, summary };
}

function parseChange(raw: unknown): RolloutChange {
  const parsed = RolloutChange.safeParse(raw);
  if (parsed.success) {
    // A value out of the catalog's range is wrong for every site: refused before any site is read.
    const checked =
      parsed.data.kind === 'parameter' ? checkParameterValue(parsed.data) : { ok: true as const };
    if (!checked.ok)
      throw new InvalidRequestError(`${checked.error.path}: ${checked.error.message}`, [checked.error]);
    return parsed.data;
  }
  const issues = fieldIssues(parsed.error).map((i) => ({ ...i, path: `change.${i.path}` }));
  throw new InvalidRequestError(describeIssues(issues), issues);
}

async function dryRunAll(
  ctx: CallerContext,
  siteIds: readonly string[],
  change: RolloutChange,
): Promise<SiteDryRun[]> {
  const duplicate = siteIds.findIndex((id, i) => siteIds.indexOf(id) !== i);
  if (duplicate >= 0)
    throw new InvalidRequestError(`siteIds.${duplicate}: ${siteIds[duplicate]} is selected twice`, [
      { path: `siteIds.${duplicate}`, message: 'selected twice' },
    ]);
  // A site the caller may not configure looks like a site that does not exist (access.ts).
  siteIds.forEach((siteId) => requireAccess(ctx, 'site:configure', siteId));
  const results: SiteDryRun[] = new Array<SiteDryRun>(siteIds.length);
  for (let start = 0; start < siteIds.length; start += READ_PARALLELISM) {
    await Promise.all(
      siteIds.slice(start, start + READ_PARALLELISM).map(async (siteId, offset) => {
        const head = await ctx.repos.desiredConfig.get(siteId);
        if (!head) throw new NotFoundError(`siteIds.${start + offset}: site ${siteId} not found`);
        results[start + offset] = dryRunSite(joinSecrets(head.site, head.secrets), change);
      }),
    );
  }
  return results;
}
