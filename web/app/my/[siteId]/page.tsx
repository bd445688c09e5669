import { SiteId } from '@ampfleet/domain';
import { TRPCError } from '@trpc/server';
import { notFound } from 'next/navigation';
import { serverCaller } from '../../../server/caller';
import { AutoRefresh } from '../auto-refresh';
import { formatsFor } from '../format';
import { dashboardTranslations } from '../i18n';
import { ChargePoints } from './charge-points';
import { EnergyChart } from './energy-chart';
import { Faults, LimitCard } from './faults-limit';
import { PhaseBars, PowerCard, TodayCard } from './live-figures';

export const dynamic = 'force-dynamic';

/** The dashboard re-renders on the server this often while the phone shows it. */
const REFRESH_S = 10;

async function dashboardOf(siteId: string) {
  try {
    return await (await serverCaller()).dashboard.get({ siteId });
  } catch (err) {
    if (err instanceof TRPCError && err.code === 'NOT_FOUND') return undefined;
    throw err;
  }
}

export default async function OwnerDashboardPage({
  params,
  searchParams,
}: {
  params: Promise<{ siteId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const siteId = SiteId.safeParse(decodeURIComponent((await params).siteId));
  if (!siteId.success) notFound();
  const d = await dashboardOf(siteId.data);
  if (!d) notFound();
  const { locale, t } = await dashboardTranslations();
  const f = formatsFor(locale, d.timeZone);
  const failed = (await searchParams).notice === 'actionFailed';
  return (
    <div lang={locale} className="dash" data-testid="owner-dashboard" data-generated-at={d.generatedAt}>
      <header className="dash-head">
        <h1>{d.name}</h1>
        <p className="muted">{t('updated', { time: f.time(d.generatedAt) })}</p>
        {failed ? (
          <p className="notice bad" role="alert">
            {t('actionFailed')}
          </p>
        ) : null}
      </header>
      <PowerCard d={d} t={t} f={f} />
      <PhaseBars d={d} t={t} f={f} />
      <ChargePoints d={d} t={t} f={f} />
      <Faults d={d} t={t} f={f} />
      <TodayCard d={d} t={t} f={f} />
      <EnergyChart d={d} t={t} f={f} />
      <LimitCard d={d} t={t} f={f} />
      <AutoRefresh seconds={REFRESH_S} />
    </div>
  );
}
