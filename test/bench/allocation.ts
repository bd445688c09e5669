// Benchmark: the allocation engine vs the HiGHS LP/MILP route on the same seeded sites.
// Run alone: `npx tsx test/bench/allocation.ts`. Engine time is `allocate()` on parsed input
// (zod parsing excluded); the HiGHS route is admission MILP + max-min LP rounds, solver loaded once.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import loadHighs from 'highs';
import { admitFifo } from '../../services/domain/src/allocation/admission';
import { allocate } from '../../services/domain/src/allocation/allocate';
import { fairShare } from '../../services/domain/src/allocation/fair-share';
import { buildProblem } from '../../services/domain/src/allocation/problem';
import type { LpSolution, LpSolver } from '../../services/domain/src/allocation/reference/lp-reference';
import { allocateByLp } from '../../services/domain/src/allocation/reference/lp-reference';
import { generateSite } from '../../services/domain/src/allocation/testing/generate';
import type { AllocationInput } from '../../services/domain/src/allocation/schema';

export interface AllocationBenchRow {
  name: string;
  n: number;
  engineMedianMs: number;
  referenceMedianMs?: number;
  ratio?: number;
  note?: string;
  /** Set on the growth row: the figures are ratios, not ms. */
  unit?: string;
}

const SIZES = [10, 100, 1_000, 10_000];
const INSTANCES = 5;
/** Skip the HiGHS route when its predicted time for one instance exceeds this. */
const REFERENCE_BUDGET_MS = 30_000;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
};

/**
 * Median wall time of one allocate() call, batching calls so each sample spans ≥ ~2 ms; beside it the
 * median process CPU time per call, which a busy machine (other processes on the cores) inflates less.
 */
function engineMedian(sites: AllocationInput[]): { wall: number; cpu: number } {
  const samples: number[] = [];
  const cpu: number[] = [];
  for (const site of sites) {
    allocate(site); // warm-up
    const t0 = performance.now();
    allocate(site);
    const batch = Math.max(1, Math.ceil(2 / Math.max(performance.now() - t0, 1e-3)));
    for (let s = 0; s < 15; s++) {
      const start = performance.now();
      const startCpu = process.cpuUsage();
      for (let k = 0; k < batch; k++) allocate(site);
      const used = process.cpuUsage(startCpu);
      samples.push((performance.now() - start) / batch);
      cpu.push((used.user + used.system) / 1000 / batch);
    }
  }
  return { wall: median(samples), cpu: median(cpu) };
}

async function highsSolver(): Promise<LpSolver> {
  const highs = await loadHighs();
  return { solve: (lp, options) => highs.solve(lp, options) as unknown as LpSolution };
}

function referenceMedian(sites: AllocationInput[], solver: LpSolver, admissionChunk?: number): number {
  const times = sites.map((site) => {
    const start = performance.now();
    allocateByLp(buildProblem(site), solver, admissionChunk);
    return performance.now() - start;
  });
  return median(times);
}

export async function benchAllocation(report: (row: AllocationBenchRow) => void): Promise<void> {
  // Warm the JIT on mid-sized sites first, so the smallest size is not timed in the interpreter.
  const warm = [100, 1_000].map((n) => generateSite(n, { chargePoints: n }));
  for (const until = performance.now() + 500; performance.now() < until;)
    for (const site of warm) allocate(site);
  let previous: { n: number; ms: number } | undefined;
  const engineAt = new Map<number, number>();
  const cpuAt = new Map<number, number>();
  for (const n of SIZES) {
    const sites = Array.from({ length: INSTANCES }, (_, i) =>
      generateSite(1000 * n + i, { chargePoints: n }),
    );
    const timed = engineMedian(sites);
    const engineMedianMs = timed.wall;
    engineAt.set(n, engineMedianMs);
    cpuAt.set(n, timed.cpu);
    const name = `allocate, ${n} CPs`;
    const note = `median of ${INSTANCES} seeded sites; engine = allocate() on parsed input; CPU time ${timed.cpu.toFixed(3)} ms`;
    // The LP route grows about quadratically (one LP per fairness level, each over all CPs):
    // always run it up to 1,000 CPs, and beyond that only when the extrapolation fits the budget.
    const predicted = previous === undefined ? 0 : previous.ms * (n / previous.n) ** 2;
    if (n > 1_000 && predicted > REFERENCE_BUDGET_MS) {
      const skipped = `HiGHS skipped: predicted ${Math.round(predicted / 1000)} s > 30 s`;
      report({ name: `${name}; HiGHS skipped (>30 s)`, n, engineMedianMs, note: `${note}; ${skipped}` });
      continue;
    }
    // A fresh solver per size: HiGHS-wasm grows its memory over many solves.
    const solver = await highsSolver();
    const referenceMedianMs = referenceMedian(n >= 10_000 ? sites.slice(0, 1) : sites, solver);
    previous = { n, ms: referenceMedianMs };
    report({ name, n, engineMedianMs, referenceMedianMs, ratio: referenceMedianMs / engineMedianMs, note });
  }
  await benchImbalanceBinding(report);
  // Target: cost growing no worse than n log n. Reported as measured growth beside n·log n growth.
  const [small, large] = [1_000, 10_000];
  const a = engineAt.get(small);
  const b = engineAt.get(large);
  if (a !== undefined && b !== undefined) {
    const nLogN = (large * Math.log(large)) / (small * Math.log(small));
    report({
      name: 'allocate, cost growth 1,000 → 10,000 CPs',
      n: large,
      engineMedianMs: b / a,
      referenceMedianMs: nLogN,
      ratio: nLogN / (b / a),
      unit: '×',
      note:
        'ampfleet = measured wall-time ratio; reference = n·log n ratio; ratio ≥ 1: within n log n; ' +
        `CPU-time ratio ${((cpuAt.get(large) ?? NaN) / (cpuAt.get(small) ?? NaN)).toFixed(1)}×`,
    });
  }
}

/**
 * The exact path: 1,000-CP sites with §8 imbalance prevention where a pair binds, so the water-fill
 * hands over to max-min programming on the engine's own simplex (exact-share.ts). The ≤ 1 ms target
 * is for the rows above; this row states what exactness costs where a pair binds. HiGHS route with
 * one admission MILP per CP, as certified for imbalance sites.
 */
export async function benchImbalanceBinding(report: (row: AllocationBenchRow) => void): Promise<void> {
  const n = 1_000;
  const sites: AllocationInput[] = [];
  for (let seed = 7_000_001; sites.length < INSTANCES; seed++) {
    const site = generateSite(seed, { chargePoints: n, imbalance: true });
    const problem = buildProblem(site);
    if (fairShare(problem, admitFifo(problem).admitted).pairBound) sites.push(site);
  }
  const timed = engineMedian(sites);
  const solver = await highsSolver();
  const referenceMedianMs = referenceMedian(sites, solver, 1);
  report({
    name: `allocate, ${n} CPs, §8 imbalance pair binding (exact path)`,
    n,
    engineMedianMs: timed.wall,
    referenceMedianMs,
    ratio: referenceMedianMs / timed.wall,
    note: `median of ${INSTANCES} seeded sites where a pair binds; engine = water-fill + exact max-min on its own simplex; CPU time ${timed.cpu.toFixed(3)} ms`,
  });
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const rows: AllocationBenchRow[] = [];
  console.log('allocation engine vs HiGHS LP route (times in ms, median)…');
  await benchAllocation((row) => {
    rows.push(row);
    console.log(
      row.unit !== undefined
        ? `  ${row.name}: ${row.engineMedianMs.toFixed(1)}× (n·log n: ${(row.referenceMedianMs ?? 0).toFixed(1)}×)`
        : `  n=${row.n}: engine ${row.engineMedianMs.toFixed(4)} ms` +
            (row.referenceMedianMs === undefined
              ? ' (HiGHS skipped)'
              : `, HiGHS ${row.referenceMedianMs.toFixed(1)} ms, ratio ${Math.round(row.ratio ?? 0)}×`),
    );
  });
  console.table(
    rows
      .filter((r) => r.unit === undefined)
      .map((r) => ({
        'charge points': r.n,
        'engine [ms]': +r.engineMedianMs.toFixed(4),
        'HiGHS route [ms]': r.referenceMedianMs === undefined ? 'skipped' : +r.referenceMedianMs.toFixed(1),
        'ratio [×]': r.ratio === undefined ? '-' : Math.round(r.ratio),
        note: r.note,
      })),
  );
}
