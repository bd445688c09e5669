import type { LoadBucketChange } from './minute-bucket';

// Hourly load aggregates (issue #13 point 5, "hourly aggregates kept longer"): the SAME counts and sums
// as the minute bucket, ADDed into the hour's item in the same ingest transaction (no read; the
// message's exactly-once marker makes every ADD count once). So an hour's counts and sums are exactly
// the sums of its minutes' — the hour's average is the sample-weighted average of the hour. The hour
// keeps the latest effective limit it saw (SET, last applied wins): UpdateExpression has no MIN.

/** How long an hour aggregate lives: 400 days (a year and a month, for year-on-year peaks). */
export const LOAD_HOUR_TTL_S = 400 * 24 * 3600;

/** 'YYYY-MM-DDTHH' (UTC) of a minute key 'YYYY-MM-DDTHH:MM'. */
export const hourOfMinute = (minute: string): string => minute.slice(0, 13);

export function hourEpochMs(hour: string): number {
  return Date.parse(`${hour}:00:00.000Z`);
}

export interface LoadHourChange {
  readonly networkId: string;
  /** UTC hour 'YYYY-MM-DDTHH'. */
  readonly hour: string;
  readonly expiresAtEpochS: number;
  readonly set: Record<string, unknown>;
  readonly add: Record<string, number>;
}

/** The hour aggregate's update of a minute bucket's update: same ADDs, the limit SET, its own TTL. */
export function loadHourChangeOf(minuteChange: LoadBucketChange): LoadHourChange {
  const hour = hourOfMinute(minuteChange.minute);
  const limit = minuteChange.set.limit;
  return {
    networkId: minuteChange.networkId,
    hour,
    expiresAtEpochS: Math.floor(hourEpochMs(hour) / 1000) + LOAD_HOUR_TTL_S,
    set: limit === undefined ? {} : { limit },
    add: { ...minuteChange.add },
  };
}
