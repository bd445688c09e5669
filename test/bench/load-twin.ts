// The twin handler for a 200-charge-point site (issue #13 point 9, first row): one 'dlmState' through
// the real handler module (parse, read twin item + desired configuration + DLM items + commanded
// limits, allocate, diagnose, conditional put) over DynamoDB Local, p50 and p99, beside the bare I/O of
// the same items (the same GetItem ×3, Query and PutItem without any of our code) and the bare allocate() on the
// same input. States come from the simulated site (test/support/twin-site.ts), one sample period apart,
// so every one is evaluated (none skipped as not due).
import { performance } from 'node:perf_hooks';
import { createDynamoClients, ensureTable, forOrg } from '@ampfleet/adapters';
import { registerSite } from '@ampfleet/app';
import {
  allocationInputOf,
  allocate,
  parseAllocationInput,
  ruleEvent,
  siteTopic,
  tableKeys,
  TopicChannel,
  twinLiveState,
  useCase4,
  type Site,
} from '@ampfleet/domain';
import { EV_TYPES } from '@ampfleet/edge-agent/sim';
import { ingestTelemetry } from '@ampfleet/functions/ingest-telemetry';
import { loadTwin } from '@ampfleet/functions/load-twin';
import { freePort, startDynamoDbLocal } from '@ampfleet/local';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { TwinSite } from '../support/twin-site';
import { handlerRuntimeFor } from './fleet-seed';
import { median, percentile, type Report } from './report';

const ORG = 'org-bench';
const SAMPLES = 120;
const WARMUP = 10;
const EV_MIX = ['3-phase-16A', '1-phase-32A', '3-phase-32A', '2-phase-16A', '1-phase-16A'] as const;

/** 100 AMEDIOs = 200 charge points in one DLM network behind a meter (§7.4.2); 150 EVs plugged in. */
function benchSite(): Site {
  const stations = Array.from({ length: 100 }, () => 'AMEDIO Professional+' as const);
  return { ...useCase4({ option: 2, stations, mainA: 2_000, supplyLineA: 1_600 }), id: 'twin-bench' };
}

export async function benchLoadTwin(report: Report): Promise<void> {
  const dynamo = await startDynamoDbLocal({ port: await freePort(), quiet: true });
  const { raw, doc } = createDynamoClients({ region: 'eu-central-1', endpoint: dynamo.endpoint });
  const table = 'ampfleet-bench-twin';
  try {
    await ensureTable(raw, table);
    const site = benchSite();
    await registerSite({ repos: forOrg(ORG, { doc, table }) }, site);
    const sim = new TwinSite({ site, start: new Date('2026-12-02T10:00:00.000Z') });
    sim.network.members.slice(0, 150).forEach((m, i) => {
      const type = EV_MIX[i % EV_MIX.length] ?? '3-phase-16A';
      sim.plugIn(m.chargePointId, { ...EV_TYPES[type], batteryWh: 60_000, stateOfCharge: 0.3 });
    });
    const rt = handlerRuntimeFor({ doc, table });
    const topic = siteTopic(ORG, site.id, TopicChannel.telemetry);
    // The site's stored state: one step's messages through the ingest (DLM item, meter reading).
    for (const message of sim.step().messages) await ingestTelemetry(ruleEvent(message, topic, 0), rt);

    const states = Array.from({ length: SAMPLES + WARMUP }, () => sim.step().dlmState);
    // The same I/O without our code: the same items read, the twin item written back. Handler and
    // reference alternate, so the machine's other load falls on both alike.
    const twinKey = tableKeys.loadTwin(ORG, site.id);
    const bareIo = async () => {
      const [twin] = await Promise.all([
        doc.send(new GetCommand({ TableName: table, Key: twinKey, ConsistentRead: true })),
        doc.send(
          new GetCommand({
            TableName: table,
            Key: tableKeys.desiredSiteConfig(ORG, site.id),
            ConsistentRead: true,
          }),
        ),
        doc.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
            ExpressionAttributeValues: { ':pk': twinKey.pk, ':p': 'DLM#' },
          }),
        ),
        doc.send(
          new GetCommand({
            TableName: table,
            Key: tableKeys.loadControlCommanded(ORG, site.id),
            ConsistentRead: true,
          }),
        ),
      ]);
      await doc.send(new PutCommand({ TableName: table, Item: { ...twin.Item, ...twinKey } }));
    };
    const handler: number[] = [];
    const bare: number[] = [];
    for (const [i, state] of states.entries()) {
      const t0 = performance.now();
      const outcome = await loadTwin(ruleEvent(state, topic, 0), rt);
      const t1 = performance.now();
      await bareIo();
      const t2 = performance.now();
      if (outcome.status !== 'evaluated') throw new Error(`twin bench: state ${i} ${outcome.status}`);
      if (i >= WARMUP) {
        handler.push(t1 - t0);
        bare.push(t2 - t1);
      }
    }

    // The bare engine on the same input (the twin's live state of the last state).
    const records = await forOrg(ORG, { doc, table }).load.networks(site.id);
    const input = parseAllocationInput(
      allocationInputOf(site, twinLiveState(site, records, {}, Date.parse(states.at(-1)!.observedAt))),
    );
    const engine: number[] = [];
    for (let i = 0; i < SAMPLES + WARMUP; i++) {
      const t0 = performance.now();
      allocate(input);
      if (i >= WARMUP) engine.push(performance.now() - t0);
    }

    const cps = sim.network.members.length;
    const p50 = median(handler);
    const p99 = percentile(handler, 99);
    const ioP50 = median(bare);
    const ioP99 = percentile(bare, 99);
    report({
      name: `twin handler, ${cps} CPs, 150 EVs (p50)`,
      n: SAMPLES,
      engineMedianMs: p50,
      referenceMedianMs: ioP50,
      ratio: ioP50 / p50,
      note: 'ref: bare GetItem×3 + Query + PutItem of the same items, DynamoDB Local',
    });
    report({
      name: `twin handler, ${cps} CPs, 150 EVs (p99)`,
      n: SAMPLES,
      engineMedianMs: p99,
      referenceMedianMs: ioP99,
      ratio: ioP99 / p99,
      note: `goal: far inside the ${sim.sampleRateS} s DLM sample period`,
    });
    const allocP50 = median(engine);
    report({
      name: `allocate() alone, ${cps} CPs (p50)`,
      n: SAMPLES,
      engineMedianMs: allocP50,
      referenceMedianMs: p50,
      ratio: p50 / allocP50,
      note: 'ref: the whole twin handler; ratio = handler / engine',
    });
  } finally {
    raw.destroy();
    await dynamo.child.stop();
  }
}
