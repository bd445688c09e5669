'use client';
import { useEffect, useRef, useState } from 'react';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

// A canvas chart with uPlot (web/README: why uPlot). The library is imported when a chart mounts, so
// only the Load tab downloads it; the chart follows its box's width (390 px phones included).

export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  readonly values: readonly (number | null)[];
  /** Limits are dashed lines; load is solid. */
  readonly dashed?: boolean;
  readonly width?: number;
}

export interface ChartProps {
  /** x values: epoch seconds (time axis) or plain numbers. */
  readonly xs: readonly number[];
  readonly series: readonly ChartSeries[];
  readonly xKind: 'time' | 'number';
  readonly yLabel: string;
  readonly xLabel?: string;
  readonly timeZone?: string;
  readonly height?: number;
  readonly loadingText: string;
}

export function UPlotChart({
  xs,
  series,
  xKind,
  yLabel,
  xLabel,
  timeZone,
  height = 260,
  loadingText,
}: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const target = box.current;
    if (!target) return;
    let chart: uPlot | undefined;
    let observer: ResizeObserver | undefined;
    let cancelled = false;
    void import('uplot').then(({ default: UPlot }) => {
      if (cancelled) return;
      const opts: uPlot.Options = {
        width: Math.max(200, target.clientWidth),
        height,
        ...(xKind === 'time' &&
          timeZone && { tzDate: (ts: number) => UPlot.tzDate(new Date(ts * 1000), timeZone) }),
        scales: {
          x: { time: xKind === 'time' },
          y: { range: (_u, min, max) => [Math.min(0, min), max * 1.08 || 1] },
        },
        axes: [
          { ...(xLabel && { label: xLabel }), stroke: '#555' },
          { label: yLabel, stroke: '#555', size: 56 },
        ],
        series: [
          {},
          ...series.map((s) => ({
            label: s.label,
            stroke: s.color,
            width: s.width ?? (s.dashed ? 1.5 : 2),
            ...(s.dashed && { dash: [6, 4] }),
            spanGaps: false,
          })),
        ],
      };
      const data = [xs as number[], ...series.map((s) => s.values as (number | null)[])] as uPlot.AlignedData;
      chart = new UPlot(opts, data, target);
      observer = new ResizeObserver(() =>
        chart?.setSize({ width: Math.max(200, target.clientWidth), height }),
      );
      observer.observe(target);
      setReady(true);
    });
    return () => {
      cancelled = true;
      observer?.disconnect();
      chart?.destroy();
      setReady(false);
    };
  }, [xs, series, xKind, yLabel, xLabel, timeZone, height]);
  return (
    <div className="chart-box" ref={box} data-chart-ready={ready ? 'true' : 'false'}>
      {ready ? null : <p className="muted">{loadingText}</p>}
    </div>
  );
}
