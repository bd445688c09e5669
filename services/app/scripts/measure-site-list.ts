// Quick measurement (not a test): sites.list's use case at 2,000 sites × 10 charge points against
// DynamoDB Local — p50/p95 of one list page read cold (no cache) and through the 2 s summary cache.
// Run: npx tsx services/app/scripts/measure-site-list.ts [sites] [runs]
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { forOrg } from '@ampfleet/adapters';
import {
  EntityType,
  siteSummaryUpdate,
  SiteListQuery,
  tableKeys,
  type TelemetryMessage,
} from '@ampfleet/domain';
import { startTestStore } from '../../../test/support/dynamo';
import { listSites, siteSummaryCache } from '../src/index';

const SITES = Number(process.argv[2] ?? 2000);
const RUNS = Number(process.argv[3] ?? 40);
const CPS = 10;
const ORG = 'org-bench';
const now = new Date('2026-11-24T10:05:00.000Z');

/** A site item as the ingest leaves it after boot, status and meter values of each charge point. */
function siteItem(i: number): Record<string, unknown> {
  const siteId = `site-${String(i).padStart(5, '0')}`;
  const item: Record<string, unknown> = {
    ...tableKeys.site(ORG, siteId),
    entity: EntityType.site,
    orgId: ORG,
    siteId,
    name: `Site ${i} ${['Depot', 'Parkhaus', 'Hof', 'Markt'][i % 4]}`,
    address: `Straße ${i}, Berlin`,
    tags: i % 3 === 0 ? ['fleet'] : [],
    firmware: ['4.61-1'],
    findings: { errors: i % 7 === 0 ? 1 : 0, warnings: 0 },
    lastTelemetryAt: new Date(now.getTime() - (i % 600) * 1000).toISOString(),
  };
  for (let c = 1; c <= CPS; c++) {
    const env = {
      v: 1 as const,
      messageId: `m-${i}-${c}`,
      chargePointId: `cp-${c}`,
      observedAt: item.lastTelemetryAt as string,
    };
    const messages: TelemetryMessage[] = [
      { ...env, type: 'boot', vendor: 'MENNEKES', model: 'AMTRON', firmwareVersion: '4.61-1' },
      {
        ...env,
        type: 'status',
        connectorId: 1,
        status: c % 3 === 0 ? 'Charging' : 'Available',
        errorCode: 'NoError',
      },
      {
        ...env,
        type: 'meterValues',
        connectorId: 1,
        currentImport: { l1: 16, l2: 16, l3: 16 },
        currentOffered: { l1: 16, l2: 16, l3: 16 },
      },
    ];
    for (const m of messages) {
      const summary = siteSummaryUpdate(m);
      Object.assign(item, summary?.set, summary && { [summary.orderedBy]: summary.at });
    }
  }
  return item;
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function main() {
  const store = await startTestStore('ampfleet-bench-sites');
  try {
    const seedStart = performance.now();
    for (let i = 0; i < SITES; i += 25) {
      const batch = Array.from({ length: Math.min(25, SITES - i) }, (_, k) => ({
        PutRequest: { Item: siteItem(i + k) },
      }));
      await store.clients.doc.send(new BatchWriteCommand({ RequestItems: { [store.table]: batch } }));
    }
    console.log(
      `seeded ${SITES} site items (${SITES * CPS} charge points) in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
    );
    const repos = forOrg(ORG, { doc: store.clients.doc, table: store.table });
    const base = { repos, clock: { now: () => now }, settings: { heartbeatIntervalS: 300 } };
    const query = SiteListQuery.parse({
      search: 'depot',
      status: 'charging',
      sort: '-lastTelemetryAt',
      limit: 25,
    });
    for (const [label, ctx] of [
      ['cold (every request reads the org’s site items)', base],
      ['through the 2 s per-org summary cache', { ...base, cache: siteSummaryCache(() => Date.now()) }],
    ] as const) {
      const times: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        const t = performance.now();
        const page = await listSites(ctx, query);
        times.push(performance.now() - t);
        if (page.items.length === 0) throw new Error('empty page');
      }
      console.log(
        `${label}: p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms (${RUNS} runs)`,
      );
    }
  } finally {
    await store.stop();
  }
}

await main();
