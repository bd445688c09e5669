import {
  siteScopeOf,
  InvalidCursorError,
  pageSites,
  summarizeSite,
  type SiteListQuery,
  type SitePage,
} from '@ampfleet/domain';
import { InvalidRequestError } from '../errors';
import type { FleetReadSettings, UseCaseContext } from '../ports';
import type { SiteSummaryCache } from '../site-summary-cache';

/** One page of the organisation's sites: read the site items, summarise, search/filter/sort/page. */
export async function listSites(
  ctx: UseCaseContext & { settings: FleetReadSettings; cache?: SiteSummaryCache },
  query: SiteListQuery,
): Promise<SitePage> {
  const all = await readSiteSummaries(ctx);
  // A site owner's list holds only the sites assigned to them (issue #11 point 2).
  const scope = ctx.principal ? siteScopeOf(ctx.principal) : undefined;
  const summaries = scope ? all.filter((s) => scope.includes(s.siteId)) : all;
  try {
    return pageSites(summaries, query);
  } catch (err) {
    if (err instanceof InvalidCursorError)
      throw new InvalidRequestError(err.message, [{ path: 'cursor', message: err.message }], { cause: err });
    throw err;
  }
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
