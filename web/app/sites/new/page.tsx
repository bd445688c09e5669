import { permissionsOf } from '@ampfleet/domain';
import { getTranslations } from 'next-intl/server';
import { requirePrincipal } from '../../../server/current';
import '../onboarding.css';
import { NewSiteForm } from './new-site-form';

export const dynamic = 'force-dynamic';

// Onboarding (issue #12 point 6): a site from a §7.1–§7.4 template or an imported site JSON, through
// `sites.create` — the same procedure `npx ampfleet site create` and partners call.
export default async function NewSitePage() {
  const principal = await requirePrincipal('/sites/new');
  const t = await getTranslations('onboarding.newSite');
  return (
    <>
      <p className="crumbs">
        <a href="/sites">{t('crumbs')}</a> / <span>{t('title')}</span>
      </p>
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      {permissionsOf(principal).has('sites:create') ? (
        <NewSiteForm timeZones={Intl.supportedValuesOf('timeZone')} />
      ) : (
        <p role="alert">{t('noPermission')}</p>
      )}
    </>
  );
}
