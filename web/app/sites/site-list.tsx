'use client';
import type { SiteListQuery } from '@ampfleet/domain';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useUnits } from '../../i18n/units';
import { saveTextFile } from '../../lib/download';
import { useTRPC } from '../../lib/trpc';
import type { SitesListOutput } from '../../server/routers/sites/sites.types';
import { SITE_LIST_PARAMS, siteListHref } from './query';
import styles from './site-list.module.css';

// The current page of the site list, refetched every 5 s — only this page, never the whole org.
const REFRESH_MS = 5000;

type SiteRow = SitesListOutput['items'][number];

function Row({ site }: { site: SiteRow }) {
  const t = useTranslations('sites.row');
  const tf = useTranslations('fleetConfig');
  const u = useUnits();
  const c = site.counts;
  const errors = site.findings?.errors ?? 0;
  const warnings = site.findings?.warnings ?? 0;
  // The site's own clock: its last telemetry in its time zone (the zone named in the tooltip).
  const lastTelemetry = site.lastTelemetryAt ? u.dateTime(site.lastTelemetryAt, site.timeZone) : t('never');
  return (
    <li className="site-row" data-site-row={site.siteId}>
      <div className="site-row-head">
        <a href={`/sites/${encodeURIComponent(site.siteId)}`}>
          <strong>{site.name}</strong>
        </a>
        <span className="muted">{site.siteId}</span>
      </div>
      {site.address ? <div className="muted">{site.address}</div> : null}
      <div className="counts" aria-label={t('countsLabel')}>
        <span className="badge off">{t('chargePoints', { count: c.total })}</span>
        <span className="badge ok">{t('online', { count: c.online })}</span>
        {c.offline ? <span className="badge off">{t('offline', { count: c.offline })}</span> : null}
        {c.charging ? <span className="badge charging">{t('charging', { count: c.charging })}</span> : null}
        {c.faulted ? <span className="badge bad">{t('faulted', { count: c.faulted })}</span> : null}
        {errors ? <span className="badge bad">{t('auditErrors', { count: errors })}</span> : null}
        {warnings ? <span className="badge warn">{t('auditWarnings', { count: warnings })}</span> : null}
        {site.driftedEcus ? (
          <span className="badge warn">{tf('row.driftedEcus', { count: site.driftedEcus })}</span>
        ) : null}
      </div>
      <div className="muted facts" data-testid="site-row-facts">
        {site.currentLoadA !== undefined ? (
          <>
            <span data-testid="site-row-load">{t('load', { amps: u.amps(site.currentLoadA) })}</span>
            {' · '}
          </>
        ) : null}
        <span>{t('firmware', { versions: site.firmware.length ? site.firmware.join(', ') : '–' })}</span>
        {' · '}
        <span title={site.timeZone}>{t('lastTelemetry', { time: lastTelemetry })}</span>
      </div>
      {site.tags.length ? (
        <div className="tags">
          {site.tags.map((tag) => (
            <span key={tag} className="tag">
              {tag}
            </span>
          ))}
        </div>
      ) : null}
    </li>
  );
}

/** Every site the filters match (not just this page) as a CSV file (sites.export). */
function ExportButton({ query, disabled }: { query: SiteListQuery; disabled: boolean }) {
  const trpc = useTRPC();
  const client = useQueryClient();
  const t = useTranslations('fleetConfig.export');
  const [error, setError] = useState<string>();
  const { cursor: _c, limit: _l, ...filters } = query;
  const download = async () => {
    setError(undefined);
    try {
      const { csv, filename } = await client.fetchQuery(trpc.sites.export.queryOptions(filters));
      saveTextFile(filename, csv);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <span className={styles.export}>
      <button
        type="button"
        className="secondary"
        disabled={disabled}
        onClick={() => void download()}
        data-testid="sites-export"
      >
        {t('button')}
      </button>
      {error ? <span role="alert">{t('failed', { message: error })}</span> : null}
    </span>
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
  const t = useTranslations('sites');
  const page = useQuery(trpc.sites.list.queryOptions(query, { refetchInterval: REFRESH_MS }));
  if (page.isPending) return <p className="muted">{t('loading')}</p>;
  if (page.isError) return <p role="alert">{t('loadError', { message: page.error.message })}</p>;
  const keep: Record<string, string | undefined> = {};
  for (const k of SITE_LIST_PARAMS) {
    const v = params[k];
    keep[k] = Array.isArray(v) ? v[0] : v;
  }
  const { items, nextCursor, total } = page.data;
  return (
    <div data-testid="site-list" data-total={total}>
      <div className={styles.head}>
        <p className="muted" data-testid="site-count">
          {t('count', { count: total })}
        </p>
        <ExportButton query={query} disabled={total === 0} />
      </div>
      {items.length === 0 ? <p className="muted">{t('noMatch')}</p> : null}
      <ul className="site-rows">
        {items.map((s) => (
          <Row key={s.siteId} site={s} />
        ))}
      </ul>
      <nav className="pager" aria-label={t('pager.label')}>
        {query.cursor ? <a href={siteListHref(keep)}>{t('pager.first')}</a> : null}
        {nextCursor ? (
          <a href={siteListHref({ ...keep, cursor: nextCursor })} rel="next" data-testid="next-page">
            {t('pager.next')}
          </a>
        ) : null}
      </nav>
    </div>
  );
}
