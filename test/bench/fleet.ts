// Benchmark: the console's reads and the ingest at 2,000 lightweight sites (~20,000 charge points) on
// DynamoDB Local, each beside its floor measured in the same run:
//   site-list page (first page; a filtered search) and site page p50/p95 vs ONE GetItem of a site item;
//   ingest msgs/s through the real handler vs a bare TransactWriteItems loop of the same item counts.
// Targets (issue #10): site-list page p95 ≤ 150 ms at 2,000 sites; ingest ≥ 70 % of the bare loop.
// Run alone: `npx tsx test/bench/fleet.ts [sites]`.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { forOrg, readFleet, readHealth } from '@ampfleet/adapters';
import { listSites, readSite, siteSummaryCache } from '@ampfleet/app';
import { SiteListQuery, tableKeys } from '@ampfleet/domain';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startTestStore, type TestStore } from '../support/dynamo';
import { BENCH_ORG, seedFleet, type SeededFleet } from './fleet-seed';
import { benchIngest } from './fleet-ingest';
import { formatRow, HEADER, median, percentile, type Report } from './report';

const SITES = 2_000;
const READ_SAMPLES = 60;
const IN_FLIGHT = 8;
const LIST_TARGET_P95_MS = 150;

async function samples(n: number, run: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 3; i++) await run(); // warm the JIT and the connection pool
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await run();
    out.push(performance.now() - start);
  }
  return out;
}

const p = (xs: number[]) => `p50 ${median(xs).toFixed(1)} ms, p95 ${percentile(xs, 95).toFixed(1)} ms`;

async function benchReads(report: Report, store: TestStore, fleet: SeededFleet): Promise<void> {
  const { doc } = store.clients;
  const probe = fleet.sites[Math.floor(fleet.sites.length / 2)];
  if (!probe) throw new Error('no sites seeded');
  const key = tableKeys.site(BENCH_ORG, probe.siteId);
  process.stderr.write(`fleet: GetItem floor, ${READ_SAMPLES} samples…\n`);
  const floor = await samples(READ_SAMPLES, () =>
    doc.send(new GetCommand({ TableName: store.table, Key: { pk: key.pk, sk: key.sk } })),
  );
  const row = (name: string, xs: number[], note: string, target?: number) =>
    report({
      name,
      n: xs.length,
      engineMedianMs: percentile(xs, 95),
      referenceMedianMs: percentile(floor, 95),
      ratio: percentile(floor, 95) / percentile(xs, 95),
      note: `${p(xs)}; GetItem ${p(floor)}; ${note}${target === undefined ? '' : percentile(xs, 95) <= target ? ` ✓ target p95 ≤ ${target} ms` : ` ✗ target p95 ≤ ${target} ms`}`,
    });

  // The console's use cases over the org-bound repositories, as the tRPC procedures call them.
  const repos = forOrg(BENCH_ORG, { doc, table: store.table });
  const base = { repos, clock: { now: () => new Date() }, settings: { heartbeatIntervalS: 300 } };
  const served = { ...base, cache: siteSummaryCache(() => Date.now()) };
  const search = probe.name.split(' ')[0] ?? 'Hamburg';
  const first = SiteListQuery.parse({ limit: 25 });
  const filtered = SiteListQuery.parse({ limit: 25, search, status: 'charging' });
  process.stderr.write(`fleet: sites.list as the console serves it, ${READ_SAMPLES} samples each…\n`);
  row(
    'site list first page {limit:25} p95 (console read model)',
    await samples(READ_SAMPLES, () => listSites(served, first)),
    `${fleet.sites.length} sites; per-process read model, fresh ≤ 2 s, refreshed in the background`,
    LIST_TARGET_P95_MS,
  );
  row(
    `site list search '${search}' + charging p95 (console read model)`,
    await samples(READ_SAMPLES, () => listSites(served, filtered)),
    `${fleet.sites.length} sites`,
    LIST_TARGET_P95_MS,
  );
  process.stderr.write('fleet: sites.list cold (every call reads the org’s site items), 10 samples…\n');
  row(
    'site list first page p95 (cold: reads every site item)',
    await samples(10, () => listSites(base, first)),
    `${fleet.sites.length} sites; what the read model pays once per 2 s per org`,
  );
  process.stderr.write(`fleet: sites.get, ${READ_SAMPLES} samples…\n`);
  row(
    'site page (sites.get) p95',
    await samples(READ_SAMPLES, () => readSite(base, { siteId: probe.siteId })),
    `${probe.chargePoints.length} charge points`,
  );
  // What the console's one page read before the site list (fleet.list, removed): the whole organisation
  // (since gsi1 was dropped, a Query per site partition — tests and this row are its only readers).
  process.stderr.write('fleet: the old fleet.list read (whole org), 5 samples…\n');
  row(
    'before: fleet.list readFleet (whole org) p95',
    await samples(5, () => readFleet(doc, store.table, BENCH_ORG)),
    `${fleet.sites.length} sites, ${fleet.chargePoints} CPs — the page the site list replaces`,
  );
  process.stderr.write(`fleet: one site's partition (Query pk), ${READ_SAMPLES} samples…\n`);
  row(
    'site partition Query pk (a site page’s read) p95',
    await samples(READ_SAMPLES, () =>
      doc.send(
        new QueryCommand({
          TableName: store.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': key.pk },
        }),
      ),
    ),
    `${probe.chargePoints.length} CPs + connectors`,
  );
  process.stderr.write('fleet: /api/health readHealth, 10 samples…\n');
  const health = await readHealth(doc, store.table);
  row(
    '/api/health readHealth (site keys + BatchGet) p95',
    await samples(10, () => readHealth(doc, store.table)),
    `counts ${health.sites} sites, ${health.chargePoints} CPs`,
  );
}

export async function benchFleet(report: Report, sites = SITES): Promise<void> {
  process.stderr.write('fleet: starting DynamoDB Local…\n');
  const store = await startTestStore('ampfleet-bench');
  try {
    process.stderr.write(`fleet: seeding ${sites} sites through the ingest handler…\n`);
    const fleet = await seedFleet(store, sites, IN_FLIGHT);
    await benchReads(report, store, fleet);
    await benchIngest(report, { doc: store.clients.doc, table: store.table }, fleet, IN_FLIGHT);
    report({
      name: 'seed: boot + status through the handler',
      n: fleet.seedMessages,
      engineMedianMs: (fleet.seedMessages / fleet.seedMs) * 1000,
      unit: 'msg/s',
      note: `${fleet.sites.length} sites registered, ${fleet.chargePoints} CPs booted, ${IN_FLIGHT} in flight`,
    });
  } finally {
    await store.stop();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${HEADER}\n`);
  await benchFleet(
    (row) => process.stdout.write(`${formatRow('fleet', row)}\n`),
    Number(process.argv[2] ?? SITES),
  );
}
