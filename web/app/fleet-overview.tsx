'use client';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../lib/trpc';

// The fleet at a glance (fleet.overview: the site items only), refetched every 5 s.
const REFRESH_MS = 5000;

function Figure({
  label,
  value,
  testId,
  href,
}: {
  label: string;
  value: string | number;
  testId: string;
  href?: string;
}) {
  const body = (
    <>
      <span className="figure-value" data-testid={testId}>
        {typeof value === 'number' ? value.toLocaleString() : value}
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
  const o = useQuery(trpc.fleet.overview.queryOptions(undefined, { refetchInterval: REFRESH_MS }));
  if (o.isPending) return <p className="muted">Loading the fleet…</p>;
  if (o.isError) return <p role="alert">Could not load the fleet: {o.error.message}</p>;
  const { sites, chargePoints: cp, currentLoadA, sitesWithFindings, sitesWithFaults } = o.data;
  return (
    <div data-testid="fleet-overview" data-generated-at={o.data.generatedAt}>
      <div className="figures">
        <Figure label="sites" value={sites} testId="overview-sites" href="/sites" />
        <Figure label="charge points" value={cp.total} testId="overview-cps" />
        <Figure label="online" value={cp.online} testId="overview-online" href="/sites?status=online" />
        <Figure label="offline" value={cp.offline} testId="overview-offline" href="/sites?status=offline" />
        <Figure
          label="charging"
          value={cp.charging}
          testId="overview-charging"
          href="/sites?status=charging"
        />
        <Figure label="faulted" value={cp.faulted} testId="overview-faulted" href="/sites?status=faulted" />
        <Figure
          label="current load (A, busiest phase per site)"
          value={currentLoadA.toLocaleString(undefined, {
            minimumFractionDigits: 1,
            maximumFractionDigits: 1,
          })}
          testId="overview-load"
        />
        <Figure
          label="sites with findings"
          value={sitesWithFindings}
          testId="overview-findings"
          href="/sites?findings=yes"
        />
      </div>
      {sitesWithFaults ? (
        <p>
          <a href="/sites?status=faulted">{sitesWithFaults} sites with a faulted charge point »</a>
        </p>
      ) : null}
    </div>
  );
}
