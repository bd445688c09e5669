import type { ReactNode } from 'react';
import { Providers } from './providers';

// The fleet console's frame: navigation and the client data providers (React Query + tRPC). Kept out
// of the root layout so the site owner's dashboard (/my) loads none of that JavaScript.
export function ConsoleShell({ children }: { children: ReactNode }) {
  return (
    <>
      <header className="topbar">
        <span className="brand">ampfleet</span>
        <nav className="nav">
          <a href="/">Fleet</a>
          <a href="/sites">Sites</a>
        </nav>
      </header>
      <Providers>
        <main>{children}</main>
      </Providers>
    </>
  );
}
