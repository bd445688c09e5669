import type { ReactNode } from 'react';
import { requirePrincipal } from '../../server/current';

/** Admin pages render for org admins only; the procedures behind them refuse everyone else anyway. */
export async function AdminOnly({ path, children }: { path: string; children: ReactNode }) {
  const principal = await requirePrincipal(path);
  if (principal.kind !== 'user' || principal.role !== 'org-admin')
    return <p role="alert">Only an organisation admin can open this page.</p>;
  return <>{children}</>;
}
