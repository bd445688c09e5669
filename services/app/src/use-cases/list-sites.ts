import {
  siteScopeOf,
  InvalidCursorError,
  matchingSites,
  pageSites,
  siteListCsv,
  summarizeSite,
  type SiteListQuery,
  type SitePage,
} from '@ampfleet/domain';
import { requireAccess } from '../access';
import { InvalidRequestError } from '../errors';
import type { FleetReadSettings, UseCaseContext } from '../ports';
import type { SiteSummaryCache } from '../site-summary-cache';

/** One page of the organisation's sites: read the site items, summarise, search/filter/sort/page. */
export async function listSites(
  ctx: UseCaseContext & { settings: FleetReadSettings; cache?: SiteSummaryCache },
  query: SiteListQuery,
): Promise<SitePage> {
  const summaries = await visibleSummaries(ctx);
  try {
    return pageSites(summaries, query);
  } catch (err) {
    if (err instanceof InvalidCursorError)
      throw new InvalidRequestError(err.message, [{ path: 'cursor', message: err.message }], { cause: err });
    throw err;
  }
}

/** The caller's site summaries: a site owner's list holds only the sites assigned to them (issue #11 point 2). */
async function visibleSummaries(
  ctx: UseCaseContext & { settings: FleetReadSettings; cache?: SiteSummaryCache },
) {
  const all = await readSiteSummaries(ctx);
  const scope = ctx.principal ? siteScopeOf(ctx.principal) : undefined;
  return scope ? all.filter((s) => scope.includes(s.siteId)) : all;
}

/**
 * Every site the list's search and filters match (no paging), in its order, as CSV — the same summaries
 * the list pages through (no extra read per site). Permission as for reading the fleet.
 */
export async function exportSitesCsv(
  ctx: UseCaseContext & { settings: FleetReadSettings; cache?: SiteSummaryCache },
  query: Omit<SiteListQuery, 'cursor' | 'limit'>,
): Promise<{ csv: string; rows: number }> {
  requireAccess(ctx, 'fleet:read');
  const sites = matchingSites(await visibleSummaries(ctx), query);
  return { csv: siteListCsv(sites), rows: sites.length };
}

export async function readSiteSummaries(
  ctx: UseCaseContext & { settings: FleetReadSettings; cache?: SiteSummaryCache },
) {
  const read = async () => {
    const now = ctx.clock.now();
    const items = await ctx.repos.sites.items();
    return items.map((item) =>
      summarizeSite(item, { now, heartbeatIntervalS: ctx.settings.heartbeatIntervalS }),
    );
  };
  return ctx.cache ? ctx.cache.get(ctx.repos.orgId, read) : read();
}
