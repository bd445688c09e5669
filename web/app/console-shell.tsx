import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { currentPrincipal } from '../server/current';
import { LocaleSwitch } from './locale-switch';
import { Providers } from './providers';
import { navFor, UserMenu } from './user-menu';

// The fleet console's frame: navigation for the signed-in role, the language switch, the user menu and
// the client data providers (React Query + tRPC). Kept out of the root layout so the site owner's
// dashboard (/my) loads none of that JavaScript.
export async function ConsoleShell({ children }: { children: ReactNode }) {
  const principal = await currentPrincipal();
  const t = await getTranslations('common');
  return (
    <>
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
    </>
  );
}
