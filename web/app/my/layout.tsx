import type { Metadata, Viewport } from 'next';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { THEME_COLOUR } from './theme';
import './dashboard.css';

// The site owner's app shell: its own header (no fleet console navigation), the web app manifest and
// the theme colour, so a phone can install /my as an app.

export const metadata: Metadata = {
  title: 'ampfleet',
  manifest: '/my/manifest.webmanifest',
  icons: { icon: '/icons/icon-192.png', apple: '/icons/apple-touch-icon.png' },
  appleWebApp: { capable: true, title: 'ampfleet', statusBarStyle: 'default' },
};
export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: THEME_COLOUR };

export default async function OwnerLayout({ children }: { children: ReactNode }) {
  const t = await getTranslations('common');
  return (
    <>
      <header className="owner-bar">
        <a href="/my" className="brand">
          ampfleet
        </a>
        {/* Sign-out is a POST from this origin (a link could be forged from another site). */}
        <form method="post" action="/api/auth/sign-out" className="user-menu">
          <button type="submit" className="link-button">
            {t('signOut')}
          </button>
        </form>
      </header>
      <main className="owner-main">{children}</main>
    </>
  );
}
