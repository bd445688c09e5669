// The console's languages, chosen without a path prefix: the NEXT_LOCALE cookie (set by the switch
// in the top bar) wins; otherwise the browser's Accept-Language; otherwise English.

export const LOCALES = ['en', 'de'] as const;
export type AppLocale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: AppLocale = 'en';
/** The cookie next-intl's own routing would use, so a later switch to it keeps people's choice. */
export const LOCALE_COOKIE = 'NEXT_LOCALE';
/** A year: the choice outlives the session. */
export const LOCALE_COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60;

export const isLocale = (value: unknown): value is AppLocale =>
  typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

/**
 * The first supported language of an Accept-Language header in the order of its q-values
 * ("de-CH,de;q=0.9,en;q=0.8" → de; "fr,en;q=0.5" → en). Hand-written: two locales need only the
 * primary subtag, and `negotiator` would bring untyped CommonJS into the web bundle for 15 lines.
 */
export function localeFromAcceptLanguage(header: string | null | undefined): AppLocale | undefined {
  if (!header) return undefined;
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { language: tag.trim().toLowerCase().split('-')[0] ?? '', weight, index };
    })
    .filter((r) => r.language !== '' && Number.isFinite(r.weight) && r.weight > 0)
    // Stable by position among equal weights, as RFC 9110 §12.5.4 leaves the order to the listing.
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranges.map((r) => r.language).find(isLocale);
}

/** The request's locale: the cookie if it names a supported locale, then the header, then English. */
export function pickLocale(cookie: string | undefined, acceptLanguage: string | null | undefined): AppLocale {
  if (isLocale(cookie)) return cookie;
  return localeFromAcceptLanguage(acceptLanguage) ?? DEFAULT_LOCALE;
}
