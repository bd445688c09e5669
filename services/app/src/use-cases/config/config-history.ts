import { diffSites, type DesiredConfigMeta, type SiteChange } from '@ampfleet/domain';
import { requireSiteAccess } from '../../access';
import { InvalidRequestError, NotFoundError } from '../../errors';
import type { UseCaseContext } from '../../ports';

type Ctx = Pick<UseCaseContext, 'principal' | 'repos'>;

/** The site's saved versions, newest first: version, author, time, comment, number of changes. */
export async function configHistory(
  ctx: Ctx,
  input: { siteId: string; limit?: number },
): Promise<{ versions: (Omit<DesiredConfigMeta, 'changes'> & { changeCount: number })[] }> {
  await requireSiteAccess(ctx, 'site:read', input.siteId);
  const versions = await ctx.repos.desiredConfig.history(input.siteId, { limit: input.limit ?? 20 });
  return { versions: versions.map(({ changes, ...meta }) => ({ ...meta, changeCount: changes.length })) };
}

/**
 * The parameter-level difference between two versions (from → to, either order). Secret changes are
 * named by path only, collected from the versions' own diffs since secrets are never compared in clear.
 */
export async function configDiff(
  ctx: Ctx,
  input: { siteId: string; from: number; to: number },
): Promise<{ from: number; to: number; changes: SiteChange[] }> {
  await requireSiteAccess(ctx, 'site:read', input.siteId);
  const [a, b] = await Promise.all([
    ctx.repos.desiredConfig.get(input.siteId, input.from),
    ctx.repos.desiredConfig.get(input.siteId, input.to),
  ]);
  if (!a) throw new NotFoundError(`version ${input.from} of site ${input.siteId} not found`);
  if (!b) throw new NotFoundError(`version ${input.to} of site ${input.siteId} not found`);
  if (input.from === input.to) return { from: input.from, to: input.to, changes: [] };
  const [lo, hi] = input.from < input.to ? [input.from, input.to] : [input.to, input.from];
  if (hi - lo > 1000)
    throw new InvalidRequestError('to: at most 1000 versions apart', [
      { path: 'to', message: 'at most 1000 versions apart' },
    ]);
  const between = await ctx.repos.desiredConfig.history(input.siteId, {
    limit: hi - lo,
    from: lo + 1,
    to: hi,
  });
  const secretPaths = [
    ...new Set(between.flatMap((v) => v.changes.filter((c) => c.secret).map((c) => c.path))),
  ];
  const changes: SiteChange[] = [
    ...diffSites(a.site, b.site),
    ...secretPaths.sort().map((path) => ({ path, kind: 'changed' as const, secret: true as const })),
  ];
  return { from: input.from, to: input.to, changes };
}
