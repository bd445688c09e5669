import { LOCALES, type AppLocale } from './locale';

// The message catalog: one JSON file per namespace and locale, web/messages/<locale>/<namespace>.json,
// so that each feature brings its own two files and nobody edits a shared one. The files reach this
// module through the bundler (request.ts), never through the file system at request time.

export type Messages = Record<string, unknown>;
export type Catalog = Record<AppLocale, Record<string, Messages>>;

/** '<locale>/<namespace>.json' at the end of a path or bundler key; a namespace is one word (no dots). */
const FILE = /(?:^|\/)([a-z]{2})\/([A-Za-z][\w-]*)\.json$/;

export function namespaceFileOf(key: string): { locale: AppLocale; namespace: string } | undefined {
  const match = FILE.exec(key);
  if (!match) return undefined;
  const [, locale, namespace] = match;
  return (LOCALES as readonly string[]).includes(locale ?? '') && namespace
    ? { locale: locale as AppLocale, namespace }
    : undefined;
}

/**
 * Merges the namespace files into one messages object per locale ({ fleet: {...}, sites: {...} }).
 * A file that is not a JSON object, or two files for one namespace and locale, is a build mistake: throw.
 */
export function catalogOf(files: Iterable<{ key: string; json: unknown }>): Catalog {
  const catalog = Object.fromEntries(LOCALES.map((l) => [l, {}])) as Catalog;
  for (const { key, json } of files) {
    const file = namespaceFileOf(key);
    if (!file) throw new Error(`${key}: not messages/<${LOCALES.join('|')}>/<namespace>.json`);
    if (typeof json !== 'object' || json === null || Array.isArray(json))
      throw new Error(`${key}: a namespace file holds one JSON object`);
    const forLocale = catalog[file.locale];
    // A bundler may list one module under two keys (webpack: './de/x.json' and 'messages/de/x.json').
    if (forLocale[file.namespace] === json) continue;
    if (file.namespace in forLocale) throw new Error(`${key}: namespace '${file.namespace}' twice`);
    forLocale[file.namespace] = json as Messages;
  }
  return catalog;
}
