import { redirect } from 'next/navigation';
import { serverCaller } from '../../server/caller';
import { dashboardTranslations } from './i18n';

export const dynamic = 'force-dynamic';

/** The owner's start page (the PWA's start_url): their one site at once, or the list of their sites. */
export default async function MySitesPage() {
  const page = await (await serverCaller()).sites.list({ limit: 100, sort: 'name' });
  const only = page.items.length === 1 ? page.items[0] : undefined;
  if (only) redirect(`/my/${encodeURIComponent(only.siteId)}`);
  const { locale, t } = await dashboardTranslations();
  return (
    <div lang={locale} className="dash">
      <h1>{t('sitesTitle')}</h1>
      {page.items.length === 0 ? <p className="muted">{t('noSites')}</p> : null}
      <ul className="site-links">
        {page.items.map((s) => (
          <li key={s.siteId}>
            <a href={`/my/${encodeURIComponent(s.siteId)}`}>
              <strong>{s.name}</strong>
              {s.address ? <span className="muted">{s.address}</span> : null}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
