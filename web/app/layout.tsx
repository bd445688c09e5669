import type { Metadata, Viewport } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { currentPrincipal } from '../server/current';
import { LocaleSwitch } from './locale-switch';
import { Providers } from './providers';
import { navFor, UserMenu } from './user-menu';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('common');
  return { title: 'ampfleet', description: t('description') };
}
export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const principal = await currentPrincipal();
  const locale = await getLocale();
  const t = await getTranslations('common');
  return (
    <html lang={locale}>
      <body>
        {/* Locale, time zone and messages of the request (i18n/request.ts) reach the client components. */}
        <NextIntlClientProvider>
          <header className="topbar">
            <span className="brand">ampfleet</span>
            <nav className="nav" aria-label={t('nav.label')}>
              {navFor(principal).map((l) => (
                <a key={l.href} href={l.href}>
                  {t(`nav.${l.key}`)}
                </a>
              ))}
            </nav>
            <LocaleSwitch />
            {principal ? (
              <UserMenu
                principal={principal}
                roleLabel={principal.kind === 'user' ? t(`roles.${principal.role}`) : ''}
                signOut={t('signOut')}
              />
            ) : null}
          </header>
          <Providers>
            <main>{children}</main>
          </Providers>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
