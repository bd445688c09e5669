import { overviewOf, type FleetOverview } from '@ampfleet/domain';
import type { FleetReadSettings, UseCaseContext } from '../ports';
import type { SiteSummaryCache } from '../site-summary-cache';
import { readSiteSummaries } from './list-sites';

/** The organisation's fleet at a glance, from the same site summaries as the list. */
export async function readFleetOverview(
  ctx: UseCaseContext & { settings: FleetReadSettings; cache?: SiteSummaryCache },
): Promise<FleetOverview> {
  return overviewOf(await readSiteSummaries(ctx), ctx.clock.now().toISOString());
}
