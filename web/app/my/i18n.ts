import { headers } from 'next/headers';
import de from '../../messages/de/dashboard.json';
import en from '../../messages/en/dashboard.json';

// The dashboard's strings, from web/messages/<locale>/dashboard.json, through a tiny stand-in for
// next-intl's getTranslations('dashboard') (same dotted keys, same `{name}` placeholders), so the
// switch is one import when next-intl lands. The locale comes from the browser's Accept-Language.

export const LOCALES = ['en', 'de'] as const;
export type Locale = (typeof LOCALES)[number];
const MESSAGES: Record<Locale, typeof en> = { en, de };

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
export type MessageKey = Leaves<typeof en>;
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** The first of our locales in the Accept-Language list, by its q weights; English otherwise. */
export function localeOf(acceptLanguage: string | null): Locale {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.split('=')[1] ?? 1);
      return { lang: tag.toLowerCase().split('-')[0] ?? '', q: Number.isNaN(q) ? 0 : q, i };
    })
    .filter((l) => l.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return (
    ranked.map((l) => l.lang).find((l): l is Locale => (LOCALES as readonly string[]).includes(l)) ?? 'en'
  );
}

export function translator(locale: Locale): Translate {
  const messages = MESSAGES[locale];
  return (key, values = {}) => {
    let node: unknown = messages;
    for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
    if (typeof node !== 'string') return key;
    return node.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    );
  };
}

/** The request's locale and its translator (server components only). */
export async function dashboardTranslations(): Promise<{ locale: Locale; t: Translate }> {
  const locale = localeOf((await headers()).get('accept-language'));
  return { locale, t: translator(locale) };
}
