import type { Locale } from './i18n';

// Numbers and times as the owner reads them: per locale (decimal comma in German), units always
// shown, times in the SITE's time zone (not the phone's, not the server's).

export interface Formats {
  kW(watts: number): string;
  amps(a: number): string;
  kWh(wh: number): string;
  count(n: number): string;
  time(iso: string): string;
  dateTime(iso: string): string;
  /** The time alone when `iso` is on the same local day as `nowIso`, else day and time. */
  since(iso: string, nowIso: string): string;
  monthName(month: string): string;
  day(day: string): string;
}

export function formatsFor(locale: Locale, timeZone: string): Formats {
  const tag = locale === 'de' ? 'de-DE' : 'en-GB';
  const one = new Intl.NumberFormat(tag, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const whole = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
  const time = new Intl.DateTimeFormat(tag, { timeZone, hour: '2-digit', minute: '2-digit' });
  const dateTime = new Intl.DateTimeFormat(tag, {
    timeZone,
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
  // Month and day strings are already local calendar dates: format them as UTC, which keeps them as they are.
  const monthName = new Intl.DateTimeFormat(tag, { timeZone: 'UTC', month: 'long', year: 'numeric' });
  const day = new Intl.DateTimeFormat(tag, { timeZone: 'UTC', day: 'numeric', month: 'short' });
  const localDay = new Intl.DateTimeFormat('en-CA', { timeZone });
  return {
    kW: (w) => `${one.format(w / 1000)} kW`,
    amps: (a) => `${one.format(a)} A`,
    kWh: (wh) => `${one.format(wh / 1000)} kWh`,
    count: (n) => whole.format(n),
    time: (iso) => time.format(new Date(iso)),
    dateTime: (iso) => dateTime.format(new Date(iso)),
    since: (iso, nowIso) =>
      localDay.format(new Date(iso)) === localDay.format(new Date(nowIso))
        ? time.format(new Date(iso))
        : dateTime.format(new Date(iso)),
    monthName: (month) => monthName.format(new Date(`${month}-01T00:00:00Z`)),
    day: (d) => day.format(new Date(`${d}T00:00:00Z`)),
  };
}
