import type { Metadata, Viewport } from 'next';
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

export default function OwnerLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <header className="owner-bar">
        <a href="/my" className="brand">
          ampfleet
        </a>
      </header>
      <main className="owner-main">{children}</main>
    </>
  );
}
