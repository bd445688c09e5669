import '../onboarding.css';
import { permissionsOf } from '@ampfleet/domain';
import { getTranslations } from 'next-intl/server';
import { currentPrincipal } from '../../../server/current';

/** "New site" on the site list, for callers who may create sites (sites:create). */
export async function NewSiteLink() {
  const principal = await currentPrincipal();
  if (!principal || !permissionsOf(principal).has('sites:create')) return null;
  const t = await getTranslations('onboarding.newSite');
  return (
    <p className="site-links">
      <a href="/sites/new" data-testid="new-site-link">
        + {t('link')}
      </a>
    </p>
  );
}
