import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { currentPrincipal } from '../server/current';
import { Providers } from './providers';
import { navFor, UserMenu } from './user-menu';
import './globals.css';

export const metadata: Metadata = {
  title: 'ampfleet',
  description: 'Fleet console for ECU-run charging stations',
};
export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const principal = await currentPrincipal();
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <span className="brand">ampfleet</span>
          <nav className="nav">
            {navFor(principal).map((l) => (
              <a key={l.href} href={l.href}>
                {l.label}
              </a>
            ))}
          </nav>
          {principal ? <UserMenu principal={principal} /> : null}
        </header>
        <Providers>
          <main>{children}</main>
        </Providers>
      </body>
    </html>
  );
}
