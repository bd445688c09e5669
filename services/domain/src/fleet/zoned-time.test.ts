import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { startOfZonedDay, zonedDay, zonedMonth } from './zoned-time';

const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'Pacific/Apia',
  'UTC',
];
const instant = fc
  .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) })
  .map((ms) => new Date(ms));

describe('days and months in a site time zone', () => {
  it('the start of the local day is in that day, and the millisecond before it is not', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (t, zone) => {
        const start = startOfZonedDay(t, zone);
        expect(start.getTime()).toBeLessThanOrEqual(t.getTime());
        expect(zonedDay(start, zone)).toBe(zonedDay(t, zone));
        expect(zonedDay(new Date(start.getTime() - 1), zone)).not.toBe(zonedDay(t, zone));
      }),
    );
  });

  it('the month starts on its first local day and lists every day up to today', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (t, zone) => {
        const { month, start, daysSoFar } = zonedMonth(t, zone);
        expect(zonedDay(start, zone)).toBe(`${month}-01`);
        expect(zonedDay(new Date(start.getTime() - 1), zone).startsWith(month)).toBe(false);
        expect(daysSoFar.at(-1)).toBe(zonedDay(t, zone));
        expect(daysSoFar[0]).toBe(`${month}-01`);
      }),
    );
  });

  it("Berlin's day starts at 23:00 UTC in winter and 22:00 UTC in summer", () => {
    expect(startOfZonedDay(new Date('2026-01-15T12:00:00Z'), 'Europe/Berlin').toISOString()).toBe(
      '2026-01-14T23:00:00.000Z',
    );
    expect(startOfZonedDay(new Date('2026-07-15T00:30:00Z'), 'Europe/Berlin').toISOString()).toBe(
      '2026-07-14T22:00:00.000Z',
    );
    // 23:30 UTC on 31 October is already 1 November in Berlin (CET, +1).
    expect(zonedMonth(new Date('2026-10-31T23:30:00Z'), 'Europe/Berlin').month).toBe('2026-11');
  });
});
