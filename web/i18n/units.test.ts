import { createFormatter } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { unitsOf } from './units';

const units = (locale: 'en' | 'de') => unitsOf(createFormatter({ locale, timeZone: 'Europe/Berlin' }));
const NBSP = '\u00a0';

describe('numbers with their units, per locale', () => {
  it('groups and separates as the reader does, the unit after a no-break space', () => {
    expect(units('de').amps(1234.5)).toBe(`1.234,5${NBSP}A`);
    expect(units('en').amps(1234.5)).toBe(`1,234.5${NBSP}A`);
    expect(units('de').kWh(12_345)).toBe(`12,35${NBSP}kWh`);
    expect(units('en').kW(7400)).toBe(`7.4${NBSP}kW`);
    expect(units('de').count(2000)).toBe('2.000');
    expect(units('de').amps(undefined)).toBe('–');
  });

  it("shows a site's times in the site's zone, 24-hour in German", () => {
    const at = '2026-11-24T16:05:09.000Z';
    expect(units('de').time(at, 'Europe/Berlin')).toBe('17:05:09');
    expect(units('de').time(at, 'America/New_York')).toBe('11:05:09');
    expect(units('en').time(at, 'Europe/Berlin')).toMatch(/^5:05:09\sPM$/);
    expect(units('de').time('2026-07-01T07:00:00.000Z', 'Europe/Berlin')).toBe('09:00:00');
    expect(units('de').dateTime(at, 'Europe/Berlin')).toBe('24.11.2026, 17:05:09');
    expect(units('en').dateTime(at, 'Europe/Berlin')).toMatch(/^Nov 24, 2026, 5:05:09\sPM$/);
    expect(units('de').shortDateTime(at, 'Europe/Berlin')).toBe('24.11.26, 17:05');
    expect(units('en').shortDateTime(at, 'Europe/Berlin')).toMatch(/^11\/24\/26, 5:05\sPM$/);
    // Without a site zone: the console's (request.ts).
    expect(units('de').time(at)).toBe('17:05:09');
  });
});
