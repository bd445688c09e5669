// Benchmark: audit 10,000 seeded generated sites (issue target ≤ 1 s), beside zod-parsing the same
// sites alone as the reference, so the ratio shows audit cost against validation cost.
// Runnable alone: `npx tsx test/bench/audit.ts`.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { auditSite } from '../../services/domain/src/audit/index';
import { Site } from '../../services/domain/src/config/index';
import { randomSites } from '../../services/domain/src/planning/index';
import { formatRow, HEADER, median, type Report } from './report';

const SITES = 10_000;
const RUNS = 5;
const SEED = 42;

function medianMs(run: () => void): number {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

export async function benchAudit(report: Report): Promise<void> {
  process.stderr.write(`audit: generating ${SITES.toLocaleString('en')} sites (seed ${SEED})…\n`);
  const sites = randomSites(SITES, SEED);
  const chargePoints = sites.reduce((n, s) => n + s.stations.reduce((m, st) => m + st.ecus.length, 0), 0);
  let findings = 0;
  process.stderr.write(`audit: auditing, ${RUNS} runs…\n`);
  const engineMedianMs = medianMs(() => {
    findings = 0;
    for (const site of sites) findings += auditSite(site).length;
  });
  process.stderr.write(`audit: zod-parsing the same sites, ${RUNS} runs…\n`);
  const referenceMedianMs = medianMs(() => {
    for (const site of sites) Site.parse(site);
  });
  report({
    name: `audit ${SITES.toLocaleString('en')} generated sites vs zod parse`,
    n: SITES,
    engineMedianMs,
    referenceMedianMs,
    ratio: referenceMedianMs / engineMedianMs,
    note: `${chargePoints.toLocaleString('en')} charge points, ${findings.toLocaleString('en')} findings; target ≤ 1000 ms`,
  });
  await Promise.resolve();
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${HEADER}\n`);
  await benchAudit((row) => process.stdout.write(`${formatRow('audit', row)}\n`));
}
