import { useFormatter, type createFormatter } from 'next-intl';

// Numbers a person reads, with their unit, in the reader's locale (1.234,5 A · 1,234.5 A), and times
// of a site in the site's IANA time zone (24-hour in German). The unit symbols are SI and the same in
// both languages; a no-break space keeps a value and its unit on one line on a phone.

type Formatter = ReturnType<typeof createFormatter>;

export const NO_VALUE = '–';
const NBSP = '\u00a0';

export function unitsOf(format: Formatter) {
  const fixed = (value: number, digits: number) =>
    format.number(value, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const date = (iso: string) => new Date(iso);
  return {
    /** A count (thousands grouped). */
    count: (n: number) => format.number(n),
    /** Current in amperes, one decimal (the ECU reports tenths). */
    amps: (a: number | undefined) => (a === undefined ? NO_VALUE : `${fixed(a, 1)}${NBSP}A`),
    /** Energy from Wh, shown in kWh with two decimals. */
    kWh: (wh: number | undefined) => (wh === undefined ? NO_VALUE : `${fixed(wh / 1000, 2)}${NBSP}kWh`),
    /** Power from W, shown in kW with one decimal. */
    kW: (w: number | undefined) => (w === undefined ? NO_VALUE : `${fixed(w / 1000, 1)}${NBSP}kW`),
    /** Time of day with seconds, in the given zone (the site's), else the console's default zone. */
    time: (iso: string | undefined, timeZone?: string) =>
      iso === undefined
        ? NO_VALUE
        : format.dateTime(date(iso), { timeStyle: 'medium', ...(timeZone && { timeZone }) }),
    /** Date and time to the minute, short (a table cell on a phone), in the given zone. */
    shortDateTime: (iso: string | undefined, timeZone?: string) =>
      iso === undefined
        ? NO_VALUE
        : format.dateTime(date(iso), {
            dateStyle: 'short',
            timeStyle: 'short',
            ...(timeZone && { timeZone }),
          }),
    /** Date and time of day with seconds, in the given zone. */
    dateTime: (iso: string | undefined, timeZone?: string) =>
      iso === undefined
        ? NO_VALUE
        : format.dateTime(date(iso), {
            dateStyle: 'medium',
            timeStyle: 'medium',
            ...(timeZone && { timeZone }),
          }),
  };
}

export type Units = ReturnType<typeof unitsOf>;

/** The units of the current request's (server) or provider's (client) locale. */
export function useUnits(): Units {
  return unitsOf(useFormatter());
}
