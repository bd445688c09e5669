import type { LoadHistoryPoint, LoadHistoryRange } from '../contracts/load';
import type { PerPhaseAmps } from '../phases/per-phase';
import { LoadBucketAttr as A, minuteEpochMs, minuteOf } from './minute-bucket';

// A range of minute buckets → at most MAX_POINTS_PER_SERIES points per series, each with the min,
// max and average of the minute averages it covers (30 d = 43,200 minutes → 29-minute points).

export const MAX_POINTS_PER_SERIES = 1500;

const RANGE_MINUTES: Record<LoadHistoryRange, number> = {
  '1h': 60,
  '24h': 24 * 60,
  '7d': 7 * 24 * 60,
  '30d': 30 * 24 * 60,
};

export interface HistoryWindow {
  /** First and last minute key (inclusive), for the Query's sk BETWEEN. */
  readonly fromMinute: string;
  readonly toMinute: string;
  readonly from: string;
  readonly to: string;
  /** Minutes per output point. */
  readonly step: number;
}

/** The minutes of a range ending at `now` (its current minute included). */
export function historyWindow(range: LoadHistoryRange, now: Date): HistoryWindow {
  const minutes = RANGE_MINUTES[range];
  const toMs = minuteEpochMs(minuteOf(now.toISOString()));
  const fromMs = toMs - (minutes - 1) * 60_000;
  return {
    fromMinute: minuteOf(new Date(fromMs).toISOString()),
    toMinute: minuteOf(new Date(toMs).toISOString()),
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs + 60_000).toISOString(),
    step: Math.ceil(minutes / MAX_POINTS_PER_SERIES),
  };
}

/** A stored minute bucket (attribute names of minute-bucket.ts). */
export type LoadBucketItem = Record<string, unknown> & { sk?: unknown; minute?: unknown };

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

/** The buckets (any order, keyed by `minute`) as points of `window.step` minutes, in time order. */
export function downsampleLoad(items: readonly LoadBucketItem[], window: HistoryWindow): LoadHistoryPoint[] {
  const fromMs = minuteEpochMs(window.fromMinute);
  const points = new Map<number, PointAcc>();
  for (const item of items) {
    const minute = typeof item.minute === 'string' ? item.minute : String(item.sk);
    const index = Math.floor((minuteEpochMs(minute) - fromMs) / 60_000 / window.step);
    if (!Number.isFinite(index) || index < 0) continue;
    const p = points.get(index) ?? { minutes: 0 };
    p.minutes++;
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
      t: new Date(fromMs + index * window.step * 60_000).toISOString(),
      minutes: p.minutes,
      ...(p.drawn && { drawn: phaseStats(p.drawn) }),
      ...(p.meter && { meter: phaseStats(p.meter) }),
      ...(p.power && { powerW: p.power.stat() }),
      ...(p.limit && { limit: p.limit }),
    }));
}
