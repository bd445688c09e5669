import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Messages are not typed (no shared list of namespaces to edit), so this checks what types would:
// every key the console's code asks for — t('a.b') on a translator from useTranslations('ns') or
// getTranslations('ns') — exists in the English catalog (messages.test.ts keeps German in step).
// A key built at run time (t(`status.${s}`)) is checked up to its static prefix.
const WEB = fileURLToPath(new URL('../', import.meta.url));
const SOURCES = ['app', 'lib', 'i18n'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.name.includes('.test.'))
    .map((e) => path.join(e.parentPath, e.name));
}

function messagesOf(locale: string): Record<string, unknown> {
  const dir = path.join(WEB, 'messages', locale);
  return Object.fromEntries(
    readdirSync(dir).map((f) => [
      f.replace(/\.json$/, ''),
      JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as unknown,
    ]),
  );
}

function lookup(messages: unknown, dotted: string): unknown {
  return dotted
    .split('.')
    .filter(Boolean)
    .reduce<unknown>(
      (at, part) =>
        typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[part] : undefined,
      messages,
    );
}

/**
 * Each static key use in a file: the full dotted path, and whether it is only a prefix. A use belongs
 * to the nearest binding of its translator's name above it (components each bind their own `t`).
 */
function keysUsedIn(source: string): { key: string; prefix: boolean }[] {
  const used: { key: string; prefix: boolean }[] = [];
  const bindings = [
    ...source.matchAll(
      /const\s+(\w+)\s*=\s*(?:await\s+)?(?:useTranslations|getTranslations)\(\s*(?:'([\w.-]*)'|"([\w.-]*)")?\s*\)/g,
    ),
  ].map((m) => ({ name: m[1] ?? '', namespace: m[2] ?? m[3] ?? '', at: m.index }));
  for (const [i, { name, namespace, at }] of bindings.entries()) {
    const next = bindings.slice(i + 1).find((b) => b.name === name);
    const scope = source.slice(at, next?.at ?? source.length);
    const full = (key: string) => (namespace ? `${namespace}.${key}` : key);
    const call = `\\b${name}(?:\\.(?:rich|markup|raw))?\\(\\s*`;
    for (const [, key] of scope.matchAll(new RegExp(`${call}'([\\w.-]+)'`, 'g')))
      used.push({ key: full(key ?? ''), prefix: false });
    for (const [, head] of scope.matchAll(new RegExp(`${call}\`([\\w.-]*)\\$\\{`, 'g')))
      used.push({ key: full((head ?? '').replace(/\.$/, '')), prefix: true });
  }
  return used;
}

describe('keys the code uses', () => {
  const catalog = messagesOf('en');
  const files = SOURCES.flatMap((d) => sources(path.join(WEB, d)));

  it('finds the translators in the console (the scan works)', () => {
    expect(files.flatMap((f) => keysUsedIn(readFileSync(f, 'utf8'))).length).toBeGreaterThan(50);
  });

  it('exist in the English catalog', () => {
    const missing: string[] = [];
    for (const file of files)
      for (const { key, prefix } of keysUsedIn(readFileSync(file, 'utf8'))) {
        const value = lookup(catalog, key);
        const ok = prefix ? typeof value === 'object' && value !== null : typeof value === 'string';
        if (!ok) missing.push(`${path.relative(WEB, file)}: ${key}${prefix ? '.*' : ''}`);
      }
    expect(missing).toEqual([]);
  });
});
