import { SiteId } from '@ampfleet/domain';
import { getTranslations } from 'next-intl/server';
import { AuditTab } from './audit/audit-tab';
import { ConfigurationTab } from './configuration/configuration-tab';
import { SiteDrift } from './drift';
import { SiteLive } from './live';
import { OnboardingLinks } from './onboarding-links';
import { ProvisionBox } from './provision-box';
import { SiteLoad } from './load';
import { SITE_TABS, siteTab } from './tabs';

export const dynamic = 'force-dynamic';

export default async function SitePage({
  params,
  searchParams,
}: {
  params: Promise<{ siteId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { siteId: raw } = await params;
  const t = await getTranslations('site');
  const siteId = SiteId.safeParse(decodeURIComponent(raw));
  if (!siteId.success) return <p role="alert">{t('badSiteId')}</p>;
  const tab = siteTab((await searchParams).tab);
  const href = (id: string) =>
    `/sites/${encodeURIComponent(siteId.data)}${id === 'live' ? '' : `?tab=${id}`}`;
  return (
    <>
      <p className="crumbs">
        <a href="/sites">{t('crumbs.sites')}</a> / <span>{siteId.data}</span>
      </p>
      <OnboardingLinks siteId={siteId.data} />
      {tab.id === 'live' && <ProvisionBox siteId={siteId.data} />}
      <nav className="tabs" role="tablist" aria-label={t('tabsLabel')}>
        {SITE_TABS.map((x) => (
          <a
            key={x.id}
            href={href(x.id)}
            role="tab"
            aria-selected={x.id === tab.id}
            className={x.id === tab.id ? 'active' : ''}
          >
            {t(`tabs.${x.id}.label`)}
          </a>
        ))}
      </nav>
      <div role="tabpanel" data-tab={tab.id}>
        {tab.coming ? (
          <p className="empty-tab">{t(`tabs.${tab.id}.coming`)}</p>
        ) : tab.id === 'configuration' ? (
          <ConfigurationTab siteId={siteId.data} />
        ) : tab.id === 'audit' ? (
          <AuditTab siteId={siteId.data} />
        ) : tab.id === 'drift' ? (
          <SiteDrift siteId={siteId.data} />
        ) : tab.id === 'load' ? (
          <SiteLoad siteId={siteId.data} />
        ) : (
          <SiteLive siteId={siteId.data} />
        )}
      </div>
    </>
  );
}
