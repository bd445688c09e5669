import type { AppLocale } from './locale';

// next-intl's typed locale (useLocale() returns 'en' | 'de'). Messages are deliberately not typed
// here: a list of namespaces would be one shared file every feature edits; i18n-usage.test.ts checks
// instead that each key the code uses exists.
declare module 'next-intl' {
  interface AppConfig {
    Locale: AppLocale;
  }
}

// require.context, which Turbopack and webpack both implement (its type is webpack's, in short).
declare global {
  namespace NodeJS {
    interface Require {
      context(
        directory: string,
        useSubdirectories: boolean,
        regExp: RegExp,
      ): { keys(): string[]; (id: string): unknown };
    }
  }
}
