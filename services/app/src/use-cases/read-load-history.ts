import {
  dailyEnergy,
  daysBetween,
  defaultResolution,
  downsampleLoad,
  historyWindow,
  MAX_POINTS_PER_SERIES,
  siteDlmNetworks,
  type HistoryWindow,
  type LoadHistoryInput,
  type LoadHistoryOutput,
} from '@ampfleet/domain';
import { NotFoundError } from '../errors';
import type { UseCaseContext } from '../ports';

/**
 * load.history: per DLM network (all of the site's, or `networkId`), the load of the range — minute
 * buckets up to 24 h, hour aggregates for 7 d / 30 d (or as `resolution` asks) — one Query per network,
 * as at most MAX_POINTS_PER_SERIES points with min/max/avg each; and the energy per UTC day of the
 * range from the charge points' energy registers (one more Query).
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
  const window = historyWindow(
    input.range,
    ctx.clock.now(),
    input.resolution ?? defaultResolution(input.range),
  );
  const days = daysBetween(window.from, window.to);
  const [networks, energyItems] = await Promise.all([
    Promise.all(
      networkIds.map(async (networkId) => ({
        networkId,
        points: downsampleLoad(await bucketsOf(ctx, siteId, networkId, window), window),
      })),
    ),
    // From the day before: its last reading is the first day's baseline (load/energy-day.ts).
    repos.load.energyDays(siteId, {
      fromDay: new Date(Date.parse(`${days[0]}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10),
      toDay: days[days.length - 1] ?? days[0]!,
    }),
  ]);
  return {
    siteId,
    range: input.range,
    from: window.from,
    to: window.to,
    source: window.resolution,
    resolutionS: window.pointS,
    downsampled: window.pointS > 60,
    maxPointsPerSeries: MAX_POINTS_PER_SERIES,
    networks,
    energyByDay: dailyEnergy(energyItems, days),
  };
}

function bucketsOf(ctx: UseCaseContext, siteId: string, networkId: string, window: HistoryWindow) {
  return window.resolution === 'hour'
    ? ctx.repos.load.hours(siteId, { networkId, fromHour: window.fromMinute, toHour: window.toMinute })
    : ctx.repos.load.buckets(siteId, { networkId, fromMinute: window.fromMinute, toMinute: window.toMinute });
}
