import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCALE, LOCALES, localeFromAcceptLanguage, pickLocale } from './locale';

describe('the request locale', () => {
  it.each([
    ['de-DE,de;q=0.9,en;q=0.8', 'de'],
    ['de-CH', 'de'],
    ['DE', 'de'],
    ['en-US,en;q=0.9', 'en'],
    ['en-GB,de;q=0.9', 'en'],
    ['fr-FR,de;q=0.8,en;q=0.5', 'de'],
    ['en;q=0.3,de;q=0.7', 'de'],
    ['de;q=0,en', 'en'],
    ['fr', undefined],
    ['*', undefined],
    ['', undefined],
  ])('Accept-Language %j → %s', (header, locale) => {
    expect(localeFromAcceptLanguage(header)).toBe(locale);
  });

  it('takes a supported cookie first, then the browser, then English', () => {
    expect(pickLocale('en', 'de-DE')).toBe('en');
    expect(pickLocale('de', 'en-US')).toBe('de');
    expect(pickLocale('xx', 'de-DE')).toBe('de');
    expect(pickLocale(undefined, null)).toBe(DEFAULT_LOCALE);
    expect(pickLocale(undefined, 'fr')).toBe('en');
  });

  it('always answers a supported locale, whatever the headers say', () => {
    fc.assert(
      fc.property(fc.option(fc.string(), { nil: undefined }), fc.string(), (cookie, header) => {
        const locale = pickLocale(cookie, header);
        expect(LOCALES).toContain(locale);
        if (cookie === 'de' || cookie === 'en') expect(locale).toBe(cookie);
      }),
    );
  });
});
