'use client';
import type { SiteListQuery } from '@ampfleet/domain';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc';
import type { SitesListOutput } from '../../server/routers/sites/sites.types';
import { siteListHref } from './query';

// The current page of the site list, refetched every 5 s — only this page, never the whole org.
const REFRESH_MS = 5000;

type SiteRow = SitesListOutput['items'][number];
const time = (iso: string | undefined) => (iso ? new Date(iso).toLocaleString() : 'never');

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

function Row({ site }: { site: SiteRow }) {
  const c = site.counts;
  const errors = site.findings?.errors ?? 0;
  const warnings = site.findings?.warnings ?? 0;
  return (
    <li className="site-row" data-site-row={site.siteId}>
      <div className="site-row-head">
        <a href={`/sites/${encodeURIComponent(site.siteId)}`}>
          <strong>{site.name}</strong>
        </a>
        <span className="muted">{site.siteId}</span>
      </div>
      {site.address ? <div className="muted">{site.address}</div> : null}
      <div className="counts" aria-label="charge points by state">
        <span className="badge off">{plural(c.total, 'charge point')}</span>
        <span className="badge ok">{c.online} online</span>
        {c.offline ? <span className="badge off">{c.offline} offline</span> : null}
        {c.charging ? <span className="badge charging">{c.charging} charging</span> : null}
        {c.faulted ? <span className="badge bad">{c.faulted} faulted</span> : null}
        {errors ? <span className="badge bad">{plural(errors, 'audit error')}</span> : null}
        {warnings ? <span className="badge warn">{plural(warnings, 'audit warning')}</span> : null}
      </div>
      <div className="muted">
        {site.currentLoadA !== undefined ? `${site.currentLoadA.toFixed(1)} A · ` : ''}fw{' '}
        {site.firmware.length ? site.firmware.join(', ') : '–'} · last telemetry {time(site.lastTelemetryAt)}
      </div>
      {site.tags.length ? (
        <div className="tags">
          {site.tags.map((t) => (
            <span key={t} className="tag">
              {t}
            </span>
          ))}
        </div>
      ) : null}
    </li>
  );
}

export function SiteList({
  query,
  params,
}: {
  query: SiteListQuery;
  params: Record<string, string | string[] | undefined>;
}) {
  const trpc = useTRPC();
  const page = useQuery(trpc.sites.list.queryOptions(query, { refetchInterval: REFRESH_MS }));
  if (page.isPending) return <p className="muted">Loading sites…</p>;
  if (page.isError) return <p role="alert">Could not load the sites: {page.error.message}</p>;
  const keep: Record<string, string | undefined> = {};
  for (const k of ['q', 'status', 'firmware', 'findings', 'sort', 'limit']) {
    const v = params[k];
    keep[k] = Array.isArray(v) ? v[0] : v;
  }
  const { items, nextCursor, total } = page.data;
  return (
    <div data-testid="site-list" data-total={total}>
      <p className="muted" data-testid="site-count">
        {total} {total === 1 ? 'site' : 'sites'}
      </p>
      {items.length === 0 ? <p className="muted">No sites match.</p> : null}
      <ul className="site-rows">
        {items.map((s) => (
          <Row key={s.siteId} site={s} />
        ))}
      </ul>
      <nav className="pager" aria-label="pages">
        {query.cursor ? <a href={siteListHref(keep)}>« First page</a> : null}
        {nextCursor ? (
          <a href={siteListHref({ ...keep, cursor: nextCursor })} rel="next" data-testid="next-page">
            Next page »
          </a>
        ) : null}
      </nav>
    </div>
  );
}
