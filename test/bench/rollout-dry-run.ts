// Benchmark: the dry run of one rollout change over 2,000 generated sites (apply the change, audit before
// and after, compare findings) beside the bare audit of the same 2,000 sites as the reference; the ratio
// shows what the dry run costs over one audit pass (≈ 2 audits + apply + compare: expect ≈ 0.4–0.5×).
// Pure domain, no DynamoDB: the use case adds one GetItem per site (16 in parallel).
// Runnable alone: `npx tsx test/bench/rollout-dry-run.ts`.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { auditSite } from '../../services/domain/src/audit/index';
import { randomSites } from '../../services/domain/src/planning/index';
import { dryRunSite, summarizeDryRun, type RolloutChange } from '../../services/domain/src/rollout/index';
import { formatRow, HEADER, median, type Report } from './report';

const SITES = 2_000;
const RUNS = 5;
const SEED = 7;
/** §7.4-style safety margin on every ECU: 'Operator Current Limit' = 16 A. */
const CHANGE: RolloutChange = { kind: 'parameter', param: 'operatorCurrentLimit', value: 16 };

function medianMs(run: () => void): number {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

export async function benchRolloutDryRun(report: Report): Promise<void> {
  process.stderr.write(`rollout dry run: generating ${SITES.toLocaleString('en')} sites (seed ${SEED})…\n`);
  const sites = randomSites(SITES, SEED);
  let summary = summarizeDryRun([]);
  const engineMedianMs = medianMs(() => {
    summary = summarizeDryRun(sites.map((site) => dryRunSite(site, CHANGE)));
  });
  const referenceMedianMs = medianMs(() => {
    for (const site of sites) auditSite(site);
  });
  report({
    name: `rollout dry run, ${SITES.toLocaleString('en')} sites vs bare audit`,
    n: SITES,
    engineMedianMs,
    referenceMedianMs,
    ratio: referenceMedianMs / engineMedianMs,
    note: `Operator Current Limit = 16 A: ${summary.changing} changing, ${summary.blocked} blocked, ${summary.newFindings} new / ${summary.removedFindings} removed findings`,
  });
  await Promise.resolve();
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${HEADER}\n`);
  await benchRolloutDryRun((row) => process.stdout.write(`${formatRow('config', row)}\n`));
}
