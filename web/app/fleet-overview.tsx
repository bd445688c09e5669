'use client';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useUnits } from '../i18n/units';
import { useTRPC } from '../lib/trpc';

// The fleet at a glance (fleet.overview: the site items only), refetched every 5 s.
const REFRESH_MS = 5000;

export function Figure({
  label,
  value,
  testId,
  href,
}: {
  label: string;
  value: string;
  testId: string;
  href?: string;
}) {
  const body = (
    <>
      <span className="figure-value" data-testid={testId}>
        {value}
      </span>
      <span className="figure-label">{label}</span>
    </>
  );
  return href ? (
    <a className="figure" href={href}>
      {body}
    </a>
  ) : (
    <div className="figure">{body}</div>
  );
}

export function FleetOverviewPanel() {
  const trpc = useTRPC();
  const t = useTranslations('fleet');
  const u = useUnits();
  const o = useQuery(trpc.fleet.overview.queryOptions(undefined, { refetchInterval: REFRESH_MS }));
  if (o.isPending) return <p className="muted">{t('loading')}</p>;
  if (o.isError) return <p role="alert">{t('loadError', { message: o.error.message })}</p>;
  const { sites, chargePoints: cp, currentLoadA, sitesWithFindings, sitesWithFaults } = o.data;
  return (
    <div data-testid="fleet-overview" data-generated-at={o.data.generatedAt}>
      <div className="figures">
        <Figure label={t('figure.sites')} value={u.count(sites)} testId="overview-sites" href="/sites" />
        <Figure label={t('figure.chargePoints')} value={u.count(cp.total)} testId="overview-cps" />
        <Figure
          label={t('figure.online')}
          value={u.count(cp.online)}
          testId="overview-online"
          href="/sites?status=online"
        />
        <Figure
          label={t('figure.offline')}
          value={u.count(cp.offline)}
          testId="overview-offline"
          href="/sites?status=offline"
        />
        <Figure
          label={t('figure.charging')}
          value={u.count(cp.charging)}
          testId="overview-charging"
          href="/sites?status=charging"
        />
        <Figure
          label={t('figure.faulted')}
          value={u.count(cp.faulted)}
          testId="overview-faulted"
          href="/sites?status=faulted"
        />
        <Figure label={t('figure.currentLoad')} value={u.amps(currentLoadA)} testId="overview-load" />
        <Figure
          label={t('figure.sitesWithFindings')}
          value={u.count(sitesWithFindings)}
          testId="overview-findings"
          href="/sites?findings=yes"
        />
      </div>
      {sitesWithFaults ? (
        <p>
          <a href="/sites?status=faulted">{t('sitesWithFaults', { count: sitesWithFaults })}</a>
        </p>
      ) : null}
    </div>
  );
}
