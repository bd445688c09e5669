import { permissionsOf } from '@ampfleet/domain';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { requirePrincipal } from '../../server/current';

/**
 * Rollout pages render for those with 'fleet:configure' (fleet managers, org admins); the rollouts.*
 * procedures refuse everyone else anyway, so a viewer gets a sentence saying why instead of an error.
 */
export async function RolloutsOnly({ path, children }: { path: string; children: ReactNode }) {
  const principal = await requirePrincipal(path);
  if (!permissionsOf(principal).has('fleet:configure')) {
    const t = await getTranslations('rollouts');
    return <p role="alert">{t('onlyConfigurers')}</p>;
  }
  return <>{children}</>;
}
