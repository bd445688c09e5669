'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useMemo, useRef, useState } from 'react';
import { useUnits } from '../../../i18n/units';
import { useTRPC } from '../../../lib/trpc';
import type { LoadSimulateOutput } from '../../../server/routers/load/load.types';
import { UPlotChart } from './uplot-chart';

// The what-if panel: runs load.simulate chunk by chunk (0..N added charge points, one bounded
// simulation per request), so the progress bar is the share of runs the server has finished, and a
// person can leave the tab without leaving a job behind. The result: a chart and a table.

type Point = LoadSimulateOutput['point'];
const MAX_N = 50;

export function WhatIf({ siteId }: { siteId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const t = useTranslations('load.whatIf');
  const format = useFormatter();
  const u = useUnits();
  const [n, setN] = useState(5);
  const [state, setState] = useState<
    { done: number; total: number; points: Point[]; error?: string } | undefined
  >();
  const runId = useRef(0);
  const running = state !== undefined && state.done < state.total && state.error === undefined;

  async function run() {
    const id = ++runId.current;
    const total = n + 1;
    setState({ done: 0, total, points: [] });
    const points: Point[] = [];
    for (let chunk = 0; chunk < total; chunk++) {
      try {
        const out = await queryClient.fetchQuery(
          trpc.load.simulate.queryOptions(
            { siteId, additionalChargePoints: n, chunk },
            { staleTime: 60_000 },
          ),
        );
        if (id !== runId.current) return; // a newer run replaced this one
        points.push(out.point);
        setState({ done: chunk + 1, total, points: [...points] });
      } catch (err) {
        if (id === runId.current)
          setState({ done: chunk, total, points, error: err instanceof Error ? err.message : String(err) });
        return;
      }
    }
  }

  const chart = useMemo(() => {
    const points = state?.points ?? [];
    return {
      xs: points.map((p) => p.addedChargePoints),
      series: [
        {
          label: t('axisShare'),
          color: '#1e8449',
          values: points.map((p) => Math.round(p.shareOfDemandMet * 1000) / 10),
        },
        {
          label: t('axisPeak'),
          color: '#1f4e79',
          dashed: true,
          values: points.map((p) =>
            Math.max(p.peakMainConnectionA.l1, p.peakMainConnectionA.l2, p.peakMainConnectionA.l3),
          ),
        },
      ],
    };
  }, [state?.points, t]);
  const last = state?.points[state.points.length - 1];
  const percent = state ? Math.round((state.done / state.total) * 100) : 0;

  return (
    <section className="what-if" data-testid="what-if">
      <h3>{t('title')}</h3>
      <p className="muted">{t('note')}</p>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <label>
          {t('count')}
          <input
            type="number"
            name="additionalChargePoints"
            min={1}
            max={MAX_N}
            step={1}
            value={n}
            onChange={(e) => setN(Math.max(1, Math.min(MAX_N, Math.trunc(Number(e.target.value) || 1))))}
          />
        </label>
        <button type="submit" disabled={running}>
          {t('run')}
        </button>
      </form>
      {state ? (
        <div className="what-if-progress">
          <progress
            data-testid="what-if-progress"
            aria-label={t('progress')}
            value={state.done}
            max={state.total}
            data-percent={percent}
          />
          <span className="muted" aria-live="polite">
            {state.error
              ? t('error', { message: state.error })
              : running
                ? t('running', { done: state.done, total: state.total })
                : t('done', { total: state.total })}{' '}
            ({percent} %)
          </span>
        </div>
      ) : null}
      {state?.error ? <p role="alert">{t('error', { message: state.error })}</p> : null}
      {last && !running && !state?.error ? (
        <p data-testid="what-if-verdict">
          {t('verdictYes', {
            n: last.addedChargePoints,
            share: format.number(last.shareOfDemandMet, { style: 'percent', maximumFractionDigits: 1 }),
          })}
        </p>
      ) : null}
      {state && state.points.length > 0 ? (
        <>
          <figure className="load-chart" data-testid="what-if-chart" data-points={state.points.length}>
            <figcaption>{t('chartTitle')}</figcaption>
            <UPlotChart
              xs={chart.xs}
              series={chart.series}
              xKind="number"
              xLabel={t('axisAdded')}
              yLabel="% · A"
              height={220}
              loadingText="…"
            />
          </figure>
          <div className="table-scroll">
            <table data-testid="what-if-table">
              <thead>
                <tr>
                  <th>{t('column.added')}</th>
                  <th>{t('column.chargePoints')}</th>
                  <th>{t('column.share')}</th>
                  <th>{t('column.delivered')}</th>
                  <th>{t('column.turnedAway')}</th>
                  <th>{t('column.peak')}</th>
                </tr>
              </thead>
              <tbody>
                {state.points.map((p) => (
                  <tr key={p.addedChargePoints}>
                    <td>+{p.addedChargePoints}</td>
                    <td>{p.chargePoints}</td>
                    <td>
                      {format.number(p.shareOfDemandMet, { style: 'percent', maximumFractionDigits: 1 })}
                    </td>
                    <td>{u.kWh(p.deliveredWh)}</td>
                    <td>{p.turnedAway}</td>
                    <td>
                      {u.amps(
                        Math.max(
                          p.peakMainConnectionA.l1,
                          p.peakMainConnectionA.l2,
                          p.peakMainConnectionA.l3,
                        ),
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
