import { buildFleetView, type SiteLiveView } from '@ampfleet/domain';
import { NotFoundError } from '../errors';
import type { FleetReadSettings, UseCaseContext } from '../ports';

/** One site's live view (charge points, connectors with sessions, DLM networks); NOT_FOUND otherwise. */
export async function readSite(
  ctx: UseCaseContext & { settings: FleetReadSettings },
  input: { siteId: string },
): Promise<SiteLiveView> {
  const snapshot = await ctx.repos.sites.snapshot(input.siteId);
  if (!snapshot) throw new NotFoundError(`site ${input.siteId} not found`);
  const now = ctx.clock.now();
  const [site] = buildFleetView(snapshot, { now, heartbeatIntervalS: ctx.settings.heartbeatIntervalS });
  if (!site) throw new NotFoundError(`site ${input.siteId} not found`);
  const { address, tags, timeZone } = snapshot.site;
  return {
    siteId: site.siteId,
    name: site.name,
    ...(typeof address === 'string' && { address }),
    ...(Array.isArray(tags) && { tags: tags.filter((t): t is string => typeof t === 'string') }),
    ...(typeof timeZone === 'string' && { timeZone }),
    ...(site.lastTelemetryAt !== undefined && { lastTelemetryAt: site.lastTelemetryAt }),
    totalCurrentImport: site.totalCurrentImport,
    dlmNetworks: site.dlmNetworks,
    chargePoints: site.chargePoints,
    generatedAt: now.toISOString(),
  };
}
