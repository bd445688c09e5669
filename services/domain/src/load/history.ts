import type { LoadHistoryPoint, LoadHistoryRange, LoadHistoryResolution } from '../contracts/load';
import type { PerPhaseAmps } from '../phases/per-phase';
import { hourEpochMs } from './hour-bucket';
import { LoadBucketAttr as A, minuteEpochMs, minuteOf } from './minute-bucket';

// A range of minute buckets (or hour aggregates) → at most MAX_POINTS_PER_SERIES points per series,
// each with the min, max and average of the bucket averages it covers (30 d = 43,200 minutes →
// 29-minute points; 30 d of hours = 720 points of one hour, whose min = max = the hour's average).

export const MAX_POINTS_PER_SERIES = 1500;

const RANGE_MINUTES: Record<LoadHistoryRange, number> = {
  '1h': 60,
  '24h': 24 * 60,
  '7d': 7 * 24 * 60,
  '30d': 30 * 24 * 60,
};

export interface HistoryWindow {
  /** Which stored buckets the window reads: 1-minute buckets or hour aggregates. */
  readonly resolution: LoadHistoryResolution;
  /** First and last bucket key (inclusive), for the Query's sk BETWEEN ('YYYY-MM-DDTHH:MM' or '…THH'). */
  readonly fromMinute: string;
  readonly toMinute: string;
  readonly from: string;
  readonly to: string;
  /** Buckets per output point. */
  readonly step: number;
  /** Width of one output point (s). */
  readonly pointS: number;
}

/**
 * Minute buckets up to 24 h (the hour aggregates would show 24 points), hour aggregates beyond
 * (30 d of minutes is 30 Query pages per network; 720 hours is one).
 */
export function defaultResolution(range: LoadHistoryRange): LoadHistoryResolution {
  return RANGE_MINUTES[range] <= 24 * 60 ? 'minute' : 'hour';
}

const BUCKET_MS: Record<LoadHistoryResolution, number> = { minute: 60_000, hour: 3_600_000 };
const keyOf: Record<LoadHistoryResolution, (ms: number) => string> = {
  minute: (ms) => minuteOf(new Date(ms).toISOString()),
  hour: (ms) => new Date(ms).toISOString().slice(0, 13),
};
const epochOf: Record<LoadHistoryResolution, (key: string) => number> = {
  minute: minuteEpochMs,
  hour: hourEpochMs,
};

/** The buckets of a range ending at `now` (its current minute or hour included). */
export function historyWindow(
  range: LoadHistoryRange,
  now: Date,
  resolution: LoadHistoryResolution = 'minute',
): HistoryWindow {
  const bucketMs = BUCKET_MS[resolution];
  const buckets = Math.ceil((RANGE_MINUTES[range] * 60_000) / bucketMs);
  const toMs = Math.floor(now.getTime() / bucketMs) * bucketMs;
  const fromMs = toMs - (buckets - 1) * bucketMs;
  const step = Math.ceil(buckets / MAX_POINTS_PER_SERIES);
  return {
    resolution,
    fromMinute: keyOf[resolution](fromMs),
    toMinute: keyOf[resolution](toMs),
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs + bucketMs).toISOString(),
    step,
    pointS: (step * bucketMs) / 1000,
  };
}

/** A stored minute bucket or hour aggregate (attribute names of minute-bucket.ts). */
export type LoadBucketItem = Record<string, unknown> & { sk?: unknown; minute?: unknown; hour?: unknown };

type Phase = 'l1' | 'l2' | 'l3';
const PHASES: readonly Phase[] = ['l1', 'l2', 'l3'];

class Acc {
  min = Infinity;
  max = -Infinity;
  sum = 0;
  n = 0;
  push(v: number) {
    this.min = Math.min(this.min, v);
    this.max = Math.max(this.max, v);
    this.sum += v;
    this.n++;
  }
  stat() {
    return { min: this.min, max: this.max, avg: this.sum / this.n };
  }
}

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0));

function minuteAverages(item: LoadBucketItem, n: string, names: readonly string[]): number[] | undefined {
  const count = num(item[n]);
  return count > 0 ? names.map((name) => num(item[name]) / count) : undefined;
}

interface PointAcc {
  minutes: number;
  drawn?: Acc[];
  meter?: Acc[];
  power?: Acc;
  limit?: PerPhaseAmps;
}

const pushPhases = (accs: Acc[] | undefined, values: number[]): Acc[] => {
  const out = accs ?? PHASES.map(() => new Acc());
  values.forEach((v, i) => out[i]?.push(v));
  return out;
};

const phaseStats = (accs: Acc[]) => ({
  l1: accs[0]!.stat(),
  l2: accs[1]!.stat(),
  l3: accs[2]!.stat(),
});

const bucketKey = (item: LoadBucketItem): string =>
  typeof item.minute === 'string' ? item.minute : typeof item.hour === 'string' ? item.hour : String(item.sk);

/**
 * The buckets (any order, keyed by `minute` or `hour`) as points of `window.step` buckets, in time
 * order. `minutes` counts minutes with data; an hour aggregate counts as 60 (it does not know more).
 */
export function downsampleLoad(items: readonly LoadBucketItem[], window: HistoryWindow): LoadHistoryPoint[] {
  const epoch = epochOf[window.resolution];
  const fromMs = epoch(window.fromMinute);
  const pointMs = window.pointS * 1000;
  const minutesPerBucket = BUCKET_MS[window.resolution] / 60_000;
  const points = new Map<number, PointAcc>();
  for (const item of items) {
    const index = Math.floor((epoch(bucketKey(item)) - fromMs) / pointMs);
    if (!Number.isFinite(index) || index < 0) continue;
    const p = points.get(index) ?? { minutes: 0 };
    p.minutes += minutesPerBucket;
    const drawn = minuteAverages(item, A.drawnN, A.drawnSum);
    if (drawn) p.drawn = pushPhases(p.drawn, drawn);
    const meter = minuteAverages(item, A.meterN, A.meterSum);
    if (meter) p.meter = pushPhases(p.meter, meter);
    const power = minuteAverages(item, A.powerN, [A.powerSum]);
    if (power) (p.power ??= new Acc()).push(power[0]!);
    const limit = item.limit as PerPhaseAmps | undefined;
    if (limit)
      p.limit = p.limit
        ? {
            l1: Math.min(p.limit.l1, limit.l1),
            l2: Math.min(p.limit.l2, limit.l2),
            l3: Math.min(p.limit.l3, limit.l3),
          }
        : { l1: limit.l1, l2: limit.l2, l3: limit.l3 };
    points.set(index, p);
  }
  return [...points.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, p]) => ({
      t: new Date(fromMs + index * pointMs).toISOString(),
      minutes: p.minutes,
      ...(p.drawn && { drawn: phaseStats(p.drawn) }),
      ...(p.meter && { meter: phaseStats(p.meter) }),
      ...(p.power && { powerW: p.power.stat() }),
      ...(p.limit && { limit: p.limit }),
    }));
}
