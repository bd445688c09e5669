// One row of `npm run bench`: our figure beside a reference measured in the same run, as a ratio.
export interface BenchRow {
  name: string;
  n: number;
  /** Median wall time of ampfleet's code for this case (ms). */
  engineMedianMs: number;
  /** Median wall time of the reference (LP solver, bare library, …) for the same input (ms). */
  referenceMedianMs?: number;
  /** reference / engine: how many times faster ampfleet is (below 1: slower). */
  ratio?: number;
  note?: string;
  /** When set, engineMedianMs/referenceMedianMs hold a figure in this unit (%, MB, msg/s) instead of ms. */
  unit?: string;
}

export type Report = (row: BenchRow) => void;

const fmt = (ms: number | undefined) =>
  ms === undefined || Number.isNaN(ms) // NaN: a case this build cannot measure
    ? '–'
    : ms >= 100
      ? `${ms.toFixed(0)} ms`
      : ms >= 1
        ? `${ms.toFixed(2)} ms`
        : `${(ms * 1000).toFixed(1)} µs`;

export function formatRow(suite: string, r: BenchRow): string {
  const value = (v: number | undefined) =>
    r.unit === undefined ? fmt(v) : v === undefined ? '–' : `${v.toFixed(v >= 100 ? 0 : 2)} ${r.unit}`;
  const ratio = r.ratio === undefined ? '–' : `${r.ratio >= 10 ? r.ratio.toFixed(0) : r.ratio.toFixed(2)}×`;
  return [
    suite.padEnd(12),
    r.name.padEnd(44),
    String(r.n).padStart(7),
    value(r.engineMedianMs).padStart(11),
    value(r.referenceMedianMs).padStart(11),
    ratio.padStart(8),
    r.note ?? '',
  ].join('  ');
}

export const HEADER = [
  'suite'.padEnd(12),
  'case'.padEnd(44),
  'n'.padStart(7),
  'ampfleet'.padStart(11),
  'reference'.padStart(11),
  'ratio'.padStart(8),
  'note',
].join('  ');

export function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

export function percentile(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? 0;
}
