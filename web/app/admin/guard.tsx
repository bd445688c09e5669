import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { requirePrincipal } from '../../server/current';

/** Admin pages render for org admins only; the procedures behind them refuse everyone else anyway. */
export async function AdminOnly({ path, children }: { path: string; children: ReactNode }) {
  const principal = await requirePrincipal(path);
  if (principal.kind !== 'user' || principal.role !== 'org-admin') {
    const t = await getTranslations('admin');
    return <p role="alert">{t('onlyAdmins')}</p>;
  }
  return <>{children}</>;
}
