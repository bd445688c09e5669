import { SiteId } from '@ampfleet/domain';
import { SiteLive } from './live';
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
  const siteId = SiteId.safeParse(decodeURIComponent(raw));
  if (!siteId.success) return <p role="alert">siteId: not a site id</p>;
  const tab = siteTab((await searchParams).tab);
  const href = (id: string) =>
    `/sites/${encodeURIComponent(siteId.data)}${id === 'live' ? '' : `?tab=${id}`}`;
  return (
    <>
      <p className="crumbs">
        <a href="/sites">Sites</a> / <span>{siteId.data}</span>
      </p>
      <nav className="tabs" role="tablist" aria-label="site views">
        {SITE_TABS.map((t) => (
          <a
            key={t.id}
            href={href(t.id)}
            role="tab"
            aria-selected={t.id === tab.id}
            className={t.id === tab.id ? 'active' : ''}
          >
            {t.label}
          </a>
        ))}
      </nav>
      <div role="tabpanel" data-tab={tab.id}>
        {tab.coming === undefined ? (
          <SiteLive siteId={siteId.data} />
        ) : (
          <p className="empty-tab">{tab.coming}</p>
        )}
      </div>
    </>
  );
}
