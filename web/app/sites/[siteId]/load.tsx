'use client';
import { energyByDayCsv, loadHistoryCsv, type LoadHistoryRange } from '@ampfleet/domain';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useUnits } from '../../../i18n/units';
import { useTRPC } from '../../../lib/trpc';
import type { LoadGetOutput, LoadHistoryOutput } from '../../../server/routers/load/load.types';
import { LoadEditors } from './load-editors';
import { NetworkChart } from './load-network-chart';
import { WhatIf } from './load-what-if';
import './load.css';

// The Load tab (issue #13 point 6): per DLM network the per-phase current of the range against every
// limit (uPlot canvas, limits as dashed lines), the energy per day, CSV export of the range on screen,
// the what-if panel, and the editors of limits, schedule, dimming and peak cap (load.setLimits / setSchedule / dim / setPeakCap).
const RANGES: readonly LoadHistoryRange[] = ['1h', '24h', '7d', '30d'];
/** Live: the 1 h view refetches every 30 s (the DLM sample rate); longer ranges every 5 minutes. */
const REFETCH_MS: Record<LoadHistoryRange, number> = {
  '1h': 30_000,
  '24h': 60_000,
  '7d': 300_000,
  '30d': 300_000,
};

/** A point's width as people say it (units are SI, the same in both languages). */
const durationOf = (seconds: number) =>
  seconds < 3600 ? `${seconds / 60}\u00a0min` : `${seconds / 3600}\u00a0h`;

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function SiteLoad({ siteId }: { siteId: string }) {
  const trpc = useTRPC();
  const t = useTranslations('load');
  const [range, setRange] = useState<LoadHistoryRange>('24h');
  const site = useQuery(trpc.sites.get.queryOptions({ siteId }));
  const load = useQuery(trpc.load.get.queryOptions({ siteId }, { refetchInterval: 30_000 }));
  const me = useQuery(trpc.session.me.queryOptions());
  const canEdit = me.data?.permissions.includes('site:load') ?? false;
  const history = useQuery(
    trpc.load.history.queryOptions(
      { siteId, range },
      { refetchInterval: REFETCH_MS[range], placeholderData: (p) => p },
    ),
  );
  const timeZone = site.data?.timeZone;
  return (
    <section className="site load" data-testid="load-tab">
      <div className="site-head">
        <h2>{t('title')}</h2>
        <span className="muted">{t('note')}</span>
      </div>
      <div className="load-toolbar">
        <div className="segmented" role="radiogroup" aria-label={t('range.label')}>
          {RANGES.map((r) => (
            <button
              key={r}
              type="button"
              role="radio"
              aria-checked={r === range}
              data-range={r}
              className={r === range ? 'active' : ''}
              onClick={() => setRange(r)}
            >
              {t(`range.${r}`)}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="secondary"
          data-testid="load-csv"
          disabled={!history.data}
          title={t('csvHint')}
          onClick={() =>
            history.data && download(`load-${siteId}-${history.data.range}.csv`, loadHistoryCsv(history.data))
          }
        >
          {t('csv')}
        </button>
      </div>
      {load.isPending || history.isPending ? (
        <p className="muted">{t('loading')}</p>
      ) : load.isError || history.isError ? (
        <p role="alert">{t('loadError', { message: (load.error ?? history.error)?.message ?? '' })}</p>
      ) : (
        <LoadBody load={load.data} history={history.data} timeZone={timeZone} siteId={siteId} />
      )}
      <WhatIf siteId={siteId} />
      {load.data ? <LoadEditors siteId={siteId} load={load.data} canEdit={canEdit} /> : null}
    </section>
  );
}

function LoadBody({
  load,
  history,
  timeZone,
  siteId,
}: {
  load: LoadGetOutput;
  history: LoadHistoryOutput;
  timeZone: string | undefined;
  siteId: string;
}) {
  const t = useTranslations('load');
  const u = useUnits();
  if (history.networks.length === 0) return <p className="muted">{t('noNetworks')}</p>;
  return (
    <>
      <p
        className="muted"
        data-testid="load-resolution"
        data-resolution-s={history.resolutionS}
        data-source={history.source}
      >
        {t(`resolution.${history.source}`, { duration: durationOf(history.resolutionS) })}
      </p>
      {history.networks.map((series) => (
        <NetworkChart
          key={`${series.networkId}-${history.range}`}
          history={history}
          series={series}
          view={load.networks.find((n) => n.networkId === series.networkId)}
          mainConnection={load.mainConnection}
          timeZone={timeZone}
        />
      ))}
      <div className="site-head">
        <h3>{t('energy.title')}</h3>
        <button
          type="button"
          className="link-button"
          onClick={() => download(`energy-${siteId}-${history.range}.csv`, energyByDayCsv(history))}
        >
          {t('csv')}
        </button>
      </div>
      {history.energyByDay.every((d) => d.chargePoints.length === 0) ? (
        <p className="muted">{t('energy.none')}</p>
      ) : (
        <EnergyTable history={history} u={u} />
      )}
    </>
  );
}

function EnergyTable({ history, u }: { history: LoadHistoryOutput; u: ReturnType<typeof useUnits> }) {
  const t = useTranslations('load.energy');
  const chargePoints = [
    ...new Set(history.energyByDay.flatMap((d) => d.chargePoints.map((c) => c.chargePointId))),
  ].sort();
  const days = history.energyByDay.filter((d) => d.chargePoints.length > 0);
  return (
    <div className="table-scroll">
      <table data-testid="energy-table">
        <thead>
          <tr>
            <th>{t('day')}</th>
            <th>{t('site')}</th>
            {chargePoints.map((cp) => (
              <th key={cp}>{cp}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.day}>
              <td>{d.day}</td>
              <td>{u.kWh(d.siteWh)}</td>
              {chargePoints.map((cp) => (
                <td key={cp}>{u.kWh(d.chargePoints.find((c) => c.chargePointId === cp)?.wh)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
