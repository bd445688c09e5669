import { DEFAULT_TIME_ZONE } from '@ampfleet/domain';
import { getRequestConfig } from 'next-intl/server';
import { cookies, headers } from 'next/headers';
import { catalogOf } from './catalog';
import { LOCALE_COOKIE, pickLocale } from './locale';

// next-intl's per-request configuration (wired by the plugin in next.config.ts), without locale
// routing: the locale comes from the cookie or the browser (locale.ts).
//
// Every web/messages/<locale>/<namespace>.json is bundled through require.context, which both
// Turbopack and webpack resolve at build time — adding a namespace is adding its two files.
const context = require.context('../messages', true, /\.json$/);
const catalog = catalogOf(
  context.keys().map((key) => {
    // Turbopack hands JSON through require.context as an ES module namespace (vercel/next.js#78406).
    const module = context(key) as { default?: unknown };
    return { key, json: module.default ?? module };
  }),
);

export default getRequestConfig(async () => {
  const locale = pickLocale(
    (await cookies()).get(LOCALE_COOKIE)?.value,
    (await headers()).get('accept-language'),
  );
  return {
    locale,
    messages: catalog[locale],
    // Times without a site of their own; a site's times are formatted in the site's zone (units.ts).
    timeZone: DEFAULT_TIME_ZONE,
  };
});
