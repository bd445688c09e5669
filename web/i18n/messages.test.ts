import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { catalogOf, type Messages } from './catalog';
import { LOCALES } from './locale';

// Every namespace file of web/messages, read the way request.ts bundles them: both languages carry
// the same keys, no empty text, every message parses and uses the same arguments in both.
const MESSAGES = fileURLToPath(new URL('../messages/', import.meta.url));
const files = LOCALES.flatMap((locale) =>
  readdirSync(path.join(MESSAGES, locale)).map((name) => ({
    key: `./${locale}/${name}`,
    json: JSON.parse(readFileSync(path.join(MESSAGES, locale, name), 'utf8')) as unknown,
  })),
);
const catalog = catalogOf(files);

/** 'namespace.path.to.key' → message, for every leaf. */
function leaves(messages: Messages, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(messages)) {
    const at = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      for (const [k, v] of leaves(value as Messages, at)) out.set(k, v);
    else out.set(at, value);
  }
  return out;
}

/** The top-level argument names of an ICU message ('{count, plural, …} at {time}' → count, time). */
function argumentsOf(message: string): string[] {
  const names = new Set<string>();
  let depth = 0;
  for (let i = 0; i < message.length; i++) {
    if (message[i] === '{') {
      if (depth === 0) names.add(/^\{\s*(\w+)/.exec(message.slice(i))?.[1] ?? '');
      depth++;
    } else if (message[i] === '}') depth--;
  }
  return [...names].sort();
}

const byLocale = Object.fromEntries(LOCALES.map((l) => [l, leaves(catalog[l])])) as Record<
  (typeof LOCALES)[number],
  Map<string, unknown>
>;

describe('message catalogs (web/messages/<locale>/<namespace>.json)', () => {
  it('has a file for each namespace in every language', () => {
    const namespaces = LOCALES.map((l) => Object.keys(catalog[l]).sort());
    for (const n of namespaces) expect(n).toEqual(namespaces[0]);
    expect(namespaces[0]?.length).toBeGreaterThan(0);
  });

  for (const locale of LOCALES)
    for (const other of LOCALES.filter((l) => l !== locale))
      it(`has every ${locale} key in ${other}`, () => {
        const missing = [...byLocale[locale].keys()].filter((k) => !byLocale[other].has(k));
        expect(missing, `keys in ${locale} but not in ${other}`).toEqual([]);
      });

  it('holds only non-empty strings', () => {
    for (const locale of LOCALES)
      for (const [key, value] of byLocale[locale]) {
        expect(typeof value, `${locale} ${key}`).toBe('string');
        expect((value as string).trim(), `${locale} ${key}`).not.toBe('');
      }
  });

  it('uses the same arguments in every language, and every message formats', () => {
    for (const [key, en] of byLocale.en) {
      const args = argumentsOf(en as string);
      // A plural's argument is a number (count, or any other name used with plural/selectordinal).
      const numeric = (a: string) =>
        a === 'count' || new RegExp(`\\{\\s*${a}\\s*,\\s*(plural|selectordinal)`).test(en as string);
      const values = Object.fromEntries(args.map((a) => [a, numeric(a) ? 2 : `‹${a}›`]));
      for (const locale of LOCALES) {
        const message = byLocale[locale].get(key) as string;
        expect(argumentsOf(message), `${locale} ${key}`).toEqual(args);
        const errors: string[] = [];
        const t = createTranslator({
          locale,
          messages: catalog[locale],
          onError: (e) => errors.push(e.message),
        });
        // The translator's key type is open here (no typed messages), the cast only names that.
        const text = (t as unknown as (k: string, v: object) => string)(key, values);
        expect(errors, `${locale} ${key}`).toEqual([]);
        for (const a of args.filter((x) => !numeric(x))) expect(text).toContain(`‹${a}›`);
      }
    }
  });
});

describe('catalogOf', () => {
  const ns = { a: 'b' };
  it('files each namespace under its locale, whatever the bundler prefixes to the key', () => {
    const c = catalogOf([
      { key: './de/dashboard.json', json: ns },
      { key: 'messages/de/dashboard.json', json: ns },
      { key: './en/siteOwner.json', json: ns },
    ]);
    expect(c.de).toEqual({ dashboard: ns });
    expect(Object.keys(c.en)).toEqual(['siteOwner']);
  });

  it('refuses a file outside <locale>/<namespace>.json, a non-object and two files for one namespace', () => {
    expect(() => catalogOf([{ key: './fr/x.json', json: ns }])).toThrow(/fr\/x\.json/);
    expect(() => catalogOf([{ key: './en/x.y.json', json: ns }])).toThrow(/namespace/);
    expect(() => catalogOf([{ key: './en/x.json', json: ['a'] }])).toThrow(/one JSON object/);
    expect(() =>
      catalogOf([
        { key: './en/x.json', json: ns },
        { key: 'other/en/x.json', json: { ...ns } },
      ]),
    ).toThrow(/twice/);
  });
});
