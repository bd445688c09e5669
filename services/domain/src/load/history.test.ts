import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LoadHistoryRange } from '../contracts/load';
import { defaultResolution, downsampleLoad, historyWindow, MAX_POINTS_PER_SERIES } from './history';
import { loadBucketChangeOf, minuteOf } from './minute-bucket';

// The history's invariants over random buckets: ≤ 1,500 points per series, in time order, every
// bucket of the window counted once, min ≤ avg ≤ max; and what the ingest adds per message.

const now = new Date('2026-11-24T10:05:20.000Z');
const RANGES: LoadHistoryRange[] = ['1h', '24h', '7d', '30d'];

describe('load history', () => {
  it('windows: the current minute included, 30 d = 43,200 minutes in 29-minute points', () => {
    const w = historyWindow('30d', now);
    expect(w).toMatchObject({ toMinute: '2026-11-24T10:05', step: 29, to: '2026-11-24T10:06:00.000Z' });
    expect((Date.parse(w.to) - Date.parse(w.from)) / 60_000).toBe(43_200);
    expect(historyWindow('24h', now).step).toBe(1);
    expect(historyWindow('7d', now).step).toBe(7);
  });

  it('downsamples any buckets of the window: bounded, ordered, each counted once, min ≤ avg ≤ max', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...RANGES),
        fc.array(fc.tuple(fc.nat(43_199), fc.nat(500), fc.integer({ min: 1, max: 4 })), { maxLength: 400 }),
        (range, raw) => {
          const w = historyWindow(range, now);
          const toMs = Date.parse(`${w.toMinute}:00Z`);
          const minutes = new Map<string, { sum: number; n: number }>();
          for (const [back, amps, n] of raw) {
            const minute = minuteOf(new Date(toMs - back * 60_000).toISOString());
            if (minute >= w.fromMinute) minutes.set(minute, { sum: amps * n, n });
          }
          const items = [...minutes].map(([minute, { sum, n }]) => ({
            minute,
            dN: n,
            dS1: sum,
            dS2: sum,
            dS3: sum,
          }));
          const points = downsampleLoad(items.reverse(), w);
          expect(points.length).toBeLessThanOrEqual(MAX_POINTS_PER_SERIES);
          expect(points.map((p) => p.t)).toEqual([...points.map((p) => p.t)].sort());
          expect(new Set(points.map((p) => p.t)).size).toBe(points.length);
          expect(points.reduce((s, p) => s + p.minutes, 0)).toBe(items.length);
          for (const p of points) {
            const s = p.drawn!.l1;
            expect(s.min).toBeLessThanOrEqual(s.avg + 1e-9);
            expect(s.avg).toBeLessThanOrEqual(s.max + 1e-9);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('hour aggregates for 7 d and 30 d: one point per hour, the current hour included', () => {
    expect(defaultResolution('24h')).toBe('minute');
    expect(defaultResolution('7d')).toBe('hour');
    const w = historyWindow('30d', now, 'hour');
    expect(w).toMatchObject({
      fromMinute: '2026-10-25T11',
      toMinute: '2026-11-24T10',
      step: 1,
      pointS: 3600,
    });
    expect((Date.parse(w.to) - Date.parse(w.from)) / 3_600_000).toBe(720);
    const hour = (key: string, n: number, sum: number) => ({
      hour: key,
      dN: n,
      dS1: sum,
      dS2: sum,
      dS3: sum,
    });
    const points = downsampleLoad([hour('2026-11-24T10', 4, 100), hour('2026-10-25T11', 2, 30)], w);
    expect(points.map((p) => [p.t, p.minutes, p.drawn?.l1])).toEqual([
      ['2026-10-25T11:00:00.000Z', 60, { min: 15, max: 15, avg: 15 }],
      ['2026-11-24T10:00:00.000Z', 60, { min: 25, max: 25, avg: 25 }],
    ]);
  });

  it('the ingest: a DLM state adds its drawn current; a disconnected meter adds nothing', () => {
    const at = '2026-11-24T11:00:59.999+01:00';
    const state = { drawn: { l1: 1, l2: 2, l3: 3 }, limits: {} };
    const change = loadBucketChangeOf({ networkId: 'n', orderedBy: 'stateAt', at, set: { state } });
    expect(change).toMatchObject({ minute: '2026-11-24T10:00', add: { dN: 1, dS1: 1, dS2: 2, dS3: 3 } });
    const meter = { connected: false, fault: 'timeout' };
    expect(loadBucketChangeOf({ networkId: 'n', orderedBy: 'meterAt', at, set: { meter } })).toBeUndefined();
  });
});
