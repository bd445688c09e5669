// Calendar days and months in a site's IANA time zone ('today' on an owner's dashboard is the site's
// today, not the server's). Intl carries the time-zone database, so these few lines need no library;
// the instant is always a parameter (the domain reads no clock).

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallTime(instant: Date, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** The zone's offset from UTC at this instant (ms; +3 600 000 for Berlin in winter). */
function offsetMs(instant: Date, timeZone: string): number {
  const w = wallTime(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The first instant of a local calendar day (midnight, or the first moment after a DST gap). */
function startOfLocalDay(year: number, month: number, day: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day);
  // Two passes: the offset at midnight may differ from the offset at the first guess (DST change).
  let guess = wall - offsetMs(new Date(wall), timeZone);
  guess = wall - offsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The local calendar day of an instant, 'YYYY-MM-DD'. */
export function zonedDay(instant: Date, timeZone: string): string {
  const w = wallTime(instant, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** The first instant of the local day that contains `instant`. */
export function startOfZonedDay(instant: Date, timeZone: string): Date {
  const w = wallTime(instant, timeZone);
  return startOfLocalDay(w.year, w.month, w.day, timeZone);
}

/** The first instant of the local month that contains `instant`, and the days of that month so far. */
export function zonedMonth(
  instant: Date,
  timeZone: string,
): { month: string; start: Date; daysSoFar: string[] } {
  const w = wallTime(instant, timeZone);
  const daysSoFar = Array.from(
    { length: w.day },
    (_, i) => `${pad(w.year, 4)}-${pad(w.month)}-${pad(i + 1)}`,
  );
  return {
    month: `${pad(w.year, 4)}-${pad(w.month)}`,
    start: startOfLocalDay(w.year, w.month, 1, timeZone),
    daysSoFar,
  };
}
