// Benchmark suite 'config' (issue #12 point 9): configuration work per site change, against DynamoDB
// Local. Each case is one entry of `configCases` (a setup, then a timed step per iteration), so a case
// such as the rollouts' dry run joins by adding an entry. Runnable alone: `npx tsx test/bench/config.ts`.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createDynamoClients, createLogger, ensureTable, forOrg } from '../../services/adapters/src/index';
import {
  renderOcppConfiguration,
  Site,
  snapshotOfConfiguration,
  splitSecrets,
  tableKeys,
  withEcuConfig,
} from '../../services/domain/src/index';
import { auditDrift } from '../../services/functions/src/audit-drift';
import { freePort, startDynamoDbLocal } from '../../services/local/src/index';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { formatRow, HEADER, median, type Report } from './report';

const REGION = 'eu-central-1';
const TABLE = 'ampfleet-bench-config';
const SITE_FILE = fileURLToPath(new URL('../../services/local/demo-sites/depot-nord.json', import.meta.url));

export interface ConfigBenchStore {
  doc: ReturnType<typeof createDynamoClients>['doc'];
  table: string;
}

/** One case: `prepare` runs untimed before each iteration, `step` is timed; `reference` is timed beside it. */
export interface ConfigCase {
  name: string;
  iterations: number;
  note: string;
  setup(store: ConfigBenchStore): Promise<{
    prepare(i: number): Promise<void>;
    step(i: number): Promise<void>;
    reference(i: number): Promise<void>;
  }>;
}

const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};

/** A site change (a new desired version, or an ECU's new snapshot) → the audit-drift handler stores. */
const auditDriftPerChange: ConfigCase = {
  name: 'audit-drift handler per site change',
  iterations: 200,
  note: 'depot-nord (all ECUs reported); reference: the same reads + one PutItem of the result, bare',
  async setup(store) {
    const orgId = 'org-bench';
    const base = Site.parse(JSON.parse(readFileSync(SITE_FILE, 'utf8')));
    const repos = forOrg(orgId, store);
    const rt = {
      doc: store.doc,
      table: store.table,
      log: createLogger('bench', () => undefined),
      nowMs: Date.now,
    };
    const record = {
      dynamodb: { Keys: { pk: { S: tableKeys.site(orgId, base.id).pk }, sk: { S: 'CONFIG#DESIRED' } } },
    };
    let version = 0;
    const save = async (i: number) => {
      const station = withEcuConfig(base.stations[0]!, 0, { dlmSampleRate: i % 2 === 0 ? 30 : 60 });
      const site = { ...base, stations: [station, ...base.stations.slice(1)] };
      const next = {
        ...splitSecrets(site),
        version: version + 1,
        savedAt: new Date().toISOString(),
        savedBy: 'bench',
        changes: [],
      };
      await repos.desiredConfig.save(base.id, next, version || undefined);
      version += 1;
    };
    await save(0);
    let sequence = 0;
    for (const ecu of base.stations.flatMap((s) => s.ecus)) {
      const snapshot = snapshotOfConfiguration({
        entries: renderOcppConfiguration(ecu.config, '4.61'),
        firmwareVersion: ecu.firmware,
        trigger: 'boot',
        sequence: ++sequence,
      });
      await repos.telemetry.apply(
        base.id,
        {
          v: 1,
          type: 'reportedConfig',
          messageId: crypto.randomUUID(),
          chargePointId: ecu.chargePointId,
          observedAt: new Date().toISOString(),
          ...snapshot,
        },
        Math.floor(Date.now() / 1000),
      );
    }
    await auditDrift(record, rt);
    const stored = tableKeys.siteAuditResult(orgId, base.id);
    return {
      prepare: save,
      async step() {
        const out = await auditDrift(record, rt);
        if (out.status !== 'stored') throw new Error(`handler did not store: ${out.status}`);
      },
      async reference() {
        const { pk, skPrefix } = tableKeys.siteReportedConfigs(orgId, base.id);
        const [, current] = await Promise.all([
          store.doc.send(
            new GetCommand({
              TableName: store.table,
              Key: tableKeys.desiredSiteConfig(orgId, base.id),
              ConsistentRead: true,
            }),
          ),
          store.doc.send(new GetCommand({ TableName: store.table, Key: stored, ConsistentRead: true })),
          store.doc.send(
            new QueryCommand({
              TableName: store.table,
              KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
              ExpressionAttributeValues: { ':pk': pk, ':p': skPrefix },
            }),
          ),
        ]);
        await store.doc.send(
          new PutCommand({ TableName: store.table, Item: { ...current.Item, ...stored } }),
        );
      },
    };
  },
};

export const configCases: ConfigCase[] = [auditDriftPerChange];

export async function benchConfig(report: Report): Promise<void> {
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const { raw, doc } = createDynamoClients({ region: REGION, endpoint: dynamo.endpoint });
  try {
    await ensureTable(raw, TABLE);
    for (const c of configCases) {
      process.stderr.write(`config: ${c.name}, ${c.iterations} iterations…\n`);
      const run = await c.setup({ doc, table: TABLE });
      const engine: number[] = [];
      const reference: number[] = [];
      for (let i = 1; i <= c.iterations; i++) {
        await run.prepare(i);
        let start = performance.now();
        await run.step(i);
        engine.push(performance.now() - start);
        start = performance.now();
        await run.reference(i);
        reference.push(performance.now() - start);
      }
      for (const p of [50, 99]) {
        const ours = p === 50 ? median(engine) : percentile(engine, p);
        const ref = p === 50 ? median(reference) : percentile(reference, p);
        report({
          name: `${c.name} p${p}`,
          n: c.iterations,
          engineMedianMs: ours,
          referenceMedianMs: ref,
          ratio: ref / ours,
          note: c.note,
        });
      }
    }
  } finally {
    raw.destroy();
    await dynamo.child.stop();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${HEADER}\n`);
  await benchConfig((row) => process.stdout.write(`${formatRow('config', row)}\n`));
}
