import {
  downsampleLoad,
  historyWindow,
  MAX_POINTS_PER_SERIES,
  siteDlmNetworks,
  type LoadHistoryInput,
  type LoadHistoryOutput,
} from '@ampfleet/domain';
import { NotFoundError } from '../errors';
import type { UseCaseContext } from '../ports';

/**
 * load.history: per DLM network (all of the site's, or `networkId`), the 1-minute load buckets of the
 * range — one Query per network — as at most MAX_POINTS_PER_SERIES points with min/max/avg each.
 */
export async function readLoadHistory(
  ctx: UseCaseContext,
  input: LoadHistoryInput,
): Promise<LoadHistoryOutput> {
  const { repos } = ctx;
  const { siteId } = input;
  const [exists, records, site] = await Promise.all([
    repos.sites.exists(siteId),
    input.networkId === undefined ? repos.load.networks(siteId) : Promise.resolve([]),
    input.networkId === undefined ? repos.load.desiredConfig(siteId) : Promise.resolve(undefined),
  ]);
  if (!exists) throw new NotFoundError(`site ${siteId} not found`);
  const networkIds =
    input.networkId !== undefined
      ? [input.networkId]
      : [
          ...new Set([
            ...(site ? siteDlmNetworks(site).map((n) => n.id) : []),
            ...records.map((r) => r.networkId),
          ]),
        ].sort();
  const window = historyWindow(input.range, ctx.clock.now());
  const networks = await Promise.all(
    networkIds.map(async (networkId) => ({
      networkId,
      points: downsampleLoad(
        await repos.load.buckets(siteId, {
          networkId,
          fromMinute: window.fromMinute,
          toMinute: window.toMinute,
        }),
        window,
      ),
    })),
  );
  return {
    siteId,
    range: input.range,
    from: window.from,
    to: window.to,
    resolutionS: window.step * 60,
    downsampled: window.step > 1,
    maxPointsPerSeries: MAX_POINTS_PER_SERIES,
    networks,
  };
}
