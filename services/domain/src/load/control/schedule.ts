import { localMinutes, WEEKDAYS, type LoadSchedule, type Weekday } from '../../contracts/load-control';
import type { PhaseVector } from '../../phases/index';

// Which schedule entries hold at an instant: the wall-clock weekday and time of the site's IANA time
// zone (Intl's time-zone database), so an entry 'mon 06:00–22:00' starts at 06:00 local on both sides
// of a daylight-saving change (04:00Z in summer, 05:00Z in winter in Europe/Berlin).

export interface LocalTime {
  readonly weekday: Weekday;
  /** Minutes after local midnight, 0–1439. */
  readonly minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAY_OF: Readonly<Record<string, Weekday>> = {
  Mon: 'mon',
  Tue: 'tue',
  Wed: 'wed',
  Thu: 'thu',
  Fri: 'fri',
  Sat: 'sat',
  Sun: 'sun',
};

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

// Every time-zone transition falls on a quarter hour of UTC, so one offset holds through each UTC
// quarter hour: it is looked up once per quarter hour and zone (a memo, the same answer either way).
const QUARTER_MS = 15 * 60_000;
const offsets = new Map<string, { weekday: Weekday; minutes: number }>();

export function localTimeAt(at: Date, timeZone: string): LocalTime {
  const t = at.getTime();
  const quarter = Math.floor(t / QUARTER_MS) * QUARTER_MS;
  const key = `${timeZone}@${quarter}`;
  let start = offsets.get(key);
  if (start === undefined) {
    if (offsets.size > 10_000) offsets.clear();
    start = lookUp(new Date(quarter), timeZone);
    offsets.set(key, start);
  }
  // Within the quarter hour the wall clock runs with UTC (no transition inside it).
  const minutes = start.minutes + Math.floor((t - quarter) / 60_000);
  if (minutes < 1440) return { weekday: start.weekday, minutes };
  const next = WEEKDAYS[(WEEKDAYS.indexOf(start.weekday) + 1) % 7] ?? start.weekday;
  return { weekday: next, minutes: minutes - 1440 };
}

function lookUp(at: Date, timeZone: string): LocalTime {
  let weekday: Weekday = 'mon';
  let hour = 0;
  let minute = 0;
  for (const part of formatter(timeZone).formatToParts(at)) {
    if (part.type === 'weekday') weekday = WEEKDAY_OF[part.value] ?? weekday;
    else if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return { weekday, minutes: hour * 60 + minute };
}

/** The schedule's site limit per phase at `at` (lowest of the entries that hold), or undefined. */
export function scheduledSiteLimit(
  schedule: LoadSchedule,
  at: Date,
  timeZone: string,
): PhaseVector | undefined {
  if (schedule.entries.length === 0) return undefined;
  const local = localTimeAt(at, timeZone);
  let limit: PhaseVector | undefined;
  for (const entry of schedule.entries) {
    if (!entry.days.includes(local.weekday)) continue;
    if (local.minutes < localMinutes(entry.from) || local.minutes >= localMinutes(entry.to)) continue;
    const l = entry.siteLimitA;
    limit = limit
      ? [Math.min(limit[0], l.l1), Math.min(limit[1], l.l2), Math.min(limit[2], l.l3)]
      : [l.l1, l.l2, l.l3];
  }
  return limit;
}

export { WEEKDAYS };
