'use client';
import { useLocale, useTranslations } from 'next-intl';
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE_S, LOCALES, type AppLocale } from '../i18n/locale';

// The language switch in the top bar: remembers the choice in the NEXT_LOCALE cookie (it beats the
// browser's Accept-Language, i18n/locale.ts) and reloads, so server and client render in it.
function choose(locale: AppLocale) {
  document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=${LOCALE_COOKIE_MAX_AGE_S}; samesite=lax`;
  window.location.reload();
}

export function LocaleSwitch() {
  const current = useLocale();
  const t = useTranslations('common.language');
  return (
    <div className="locale-switch" role="group" aria-label={t('label')} data-testid="locale-switch">
      {LOCALES.map((locale) => (
        <button
          key={locale}
          type="button"
          lang={locale}
          aria-pressed={locale === current}
          // Each language names itself, so a reader who cannot read the current one still finds theirs.
          title={t(locale)}
          onClick={() => locale !== current && choose(locale)}
          data-locale={locale}
        >
          {locale.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
