'use client';
import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { useUnits } from '../../../i18n/units';
import type { LoadGetOutput, LoadHistoryOutput } from '../../../server/routers/load/load.types';
import { UPlotChart, type ChartSeries } from './uplot-chart';

// One DLM network's chart: EV draw (and the meter's current, if any) per phase, one point per
// history point (gaps stay gaps), and every limit that bounds it as a dashed line: the EVSE
// Sub-Distribution Limit, the operator limit in force, the Main Distribution Limit of the meter point,
// the site's main connection, and the effective DLM limit the master reported over time.

type Phases = { l1: number; l2: number; l3: number };
type LimitKind = 'evseSubDistribution' | 'operator' | 'mainDistribution' | 'mainConnection';
const PHASES = ['l1', 'l2', 'l3'] as const;
/** Conductor colours of IEC 60445 (brown, black, grey) for L1, L2, L3. */
const PHASE_COLOR = { l1: '#8b4513', l2: '#222222', l3: '#8a8a8a' } as const;
const METER_COLOR = { l1: '#d2a07a', l2: '#6f6f6f', l3: '#c4c4c4' } as const;
const LIMIT_COLOR: Record<LimitKind | 'effective', string> = {
  evseSubDistribution: '#c0392b',
  operator: '#e67e22',
  mainDistribution: '#8e44ad',
  mainConnection: '#1f4e79',
  effective: '#1e8449',
};

interface Limit {
  kind: LimitKind;
  /** Per phase when the phases differ, else one value. */
  values: Phases;
}

function limitsOf(
  view: LoadGetOutput['networks'][number] | undefined,
  main: LoadGetOutput['mainConnection'],
): Limit[] {
  const limits: Limit[] = [];
  const sub = view?.state?.subDistributionLimit ?? view?.configured?.evseSubDistribution;
  if (sub) limits.push({ kind: 'evseSubDistribution', values: sub });
  const operator = view?.state?.operatorLimit ?? view?.configured?.operator;
  if (operator) limits.push({ kind: 'operator', values: operator });
  if (view?.configured?.mainDistribution)
    limits.push({ kind: 'mainDistribution', values: view.configured.mainDistribution });
  if (main) limits.push({ kind: 'mainConnection', values: main.ratingA });
  return limits;
}

const samePhases = (p: Phases) => p.l1 === p.l2 && p.l2 === p.l3;

export function NetworkChart({
  history,
  series,
  view,
  mainConnection,
  timeZone,
}: {
  history: LoadHistoryOutput;
  series: LoadHistoryOutput['networks'][number];
  view: LoadGetOutput['networks'][number] | undefined;
  mainConnection: LoadGetOutput['mainConnection'];
  timeZone: string | undefined;
}) {
  const t = useTranslations('load');
  const u = useUnits();
  const limits = useMemo(() => limitsOf(view, mainConnection), [view, mainConnection]);
  const chart = useMemo(() => {
    const from = Date.parse(history.from) / 1000;
    const to = Date.parse(history.to) / 1000;
    const xs: number[] = [];
    for (let x = from; x < to; x += history.resolutionS) xs.push(x);
    const index = new Map(series.points.map((p) => [Date.parse(p.t) / 1000, p]));
    const at = (f: (p: (typeof series.points)[number]) => number | undefined) =>
      xs.map((x) => {
        const p = index.get(x);
        return p === undefined ? null : (f(p) ?? null);
      });
    const lines: ChartSeries[] = PHASES.map((ph) => ({
      label: t('drawnSeries', { phase: ph.toUpperCase() }),
      color: PHASE_COLOR[ph],
      values: at((p) => p.drawn?.[ph].avg),
    }));
    if (series.points.some((p) => p.meter))
      for (const ph of PHASES)
        lines.push({
          label: t('meterSeries', { phase: ph.toUpperCase() }),
          color: METER_COLOR[ph],
          width: 1,
          values: at((p) => p.meter?.[ph].avg),
        });
    if (series.points.some((p) => p.limit))
      lines.push({
        label: t('effectiveLimit'),
        color: LIMIT_COLOR.effective,
        dashed: true,
        values: at((p) => (p.limit ? Math.min(p.limit.l1, p.limit.l2, p.limit.l3) : undefined)),
      });
    for (const limit of limits)
      for (const ph of samePhases(limit.values) ? (['l1'] as const) : PHASES)
        lines.push({
          label: samePhases(limit.values)
            ? t(`limit.${limit.kind}`)
            : `${t(`limit.${limit.kind}`)} ${ph.toUpperCase()}`,
          color: LIMIT_COLOR[limit.kind],
          dashed: true,
          values: xs.map(() => limit.values[ph]),
        });
    return { xs, lines };
  }, [history, series, limits, t]);
  return (
    <figure
      className="load-chart"
      data-testid="load-chart"
      data-network={series.networkId}
      data-range={history.range}
      data-points={series.points.length}
      data-limits={limits.map((l) => l.kind).join(' ')}
    >
      <figcaption>
        <strong>{t('network', { id: series.networkId })}</strong>
      </figcaption>
      {series.points.length === 0 ? <p className="muted">{t('noData')}</p> : null}
      <UPlotChart
        xs={chart.xs}
        series={chart.lines}
        xKind="time"
        yLabel="A"
        {...(timeZone && { timeZone })}
        loadingText={t('chartLoading')}
      />
      <ul className="limit-legend" aria-label={t('limitsLegend')}>
        {limits.map((l) => (
          <li key={l.kind} data-limit={l.kind} data-amps={`${l.values.l1}/${l.values.l2}/${l.values.l3}`}>
            <span className="swatch" style={{ borderColor: LIMIT_COLOR[l.kind] }} />
            {t(`limit.${l.kind}`)}:{' '}
            {samePhases(l.values)
              ? u.amps(l.values.l1)
              : PHASES.map((ph) => u.amps(l.values[ph])).join(' / ')}
          </li>
        ))}
      </ul>
    </figure>
  );
}
