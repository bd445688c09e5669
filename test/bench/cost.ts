// Benchmark: the monthly AWS cost per charge point at 100, 1,000 and 10,000 sites, priced from counts
// measured on the local stack — the demo fleet (edge agents + simulated ECUs, the demo's telemetry
// rate) and lightweight sites (the sparse rate) publishing to a broker, the rules router, the real
// ingest handler and DynamoDB Local — over a measured window. Prices: cost-prices.json (region, date).
// Target (issue #10): ≤ $0.05 per charge point per month at 10,000 sites.
// Run alone: `npx tsx test/bench/cost.ts`.
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { createDynamoClients, createLogger, ensureTable, registerSite } from '@ampfleet/adapters';
import { tableName } from '@ampfleet/domain';
import { handlerRuntime } from '@ampfleet/functions/runtime';
import {
  DEMO_ORG_ID,
  demoChargePointIds,
  demoSites,
  freePort,
  lightSites,
  lightTraffic,
  startDynamoDbLocal,
  startFleetGenerator,
  startRouter,
} from '@ampfleet/local';
import { Aedes } from 'aedes';
import { startDemoFleet } from '../../services/local/src/demo-runtime';
import { costMeter, meterBroker, meterDynamo, type SiteKind, type Tally } from './cost-meter';
import {
  COST_ASSUMPTIONS,
  loadPrices,
  monthlyCostPerChargePoint,
  total,
  type ChargePointHour,
} from './cost-model';
import { handlerRuntimeFor, ingestThroughHandler } from './fleet-seed';
import { formatRow, HEADER, type Report } from './report';

const LIGHT_SITES = 200;
const WARMUP_S = 30;
const WINDOW_S = 90;
const SCALES = [100, 1_000, 10_000];
const MESSAGE_DEDUP_DAYS = 14;
/** A message-id marker item: ~120 B of attributes + DynamoDB's 100 B per-item overhead. */
const MARKER_BYTES = 220;
/** A charge point's state items (CP + connector), with overhead. */
const STATE_BYTES_PER_CP = 1_000;

const quiet = createLogger('bench', () => undefined);
/** Errors only (a fleet generator that stops must not leave the bench waiting in silence). */
const errorsOnly = createLogger('bench', (line) => {
  if (line.startsWith('{"level":"error"')) process.stderr.write(line);
});

async function startMeteredBroker() {
  const aedes = await Aedes.createBroker();
  const server = net.createServer(aedes.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    aedes,
    url: `mqtt://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        aedes.close(() => undefined);
      }),
  };
}

/** Waits (≤ 3 min) until the router's backlog is down to a few events. */
async function drained(router: { pending(): number }, what: string): Promise<void> {
  for (let waited = 0; router.pending() > 20 && waited < 180; waited++) {
    if (waited % 15 === 0)
      process.stderr.write(`cost: ingesting the backlog of ${what} (${router.pending()} pending)…\n`);
    await sleep(1000);
  }
}

/** Handler wall time per message, sequential, on the same store (ms). */
async function handlerMsPerMessage(fleet: { sites: readonly { siteId: string }[] }): Promise<number> {
  const rt = handlerRuntimeFor(handlerRuntime());
  let id = 0;
  const traffic = lightTraffic({ nextMessageId: () => `cost-timing-${++id}`, seed: 99 });
  const sites = lightSites(20, 99).map((s, i) => ({ ...s, siteId: fleet.sites[i]?.siteId ?? s.siteId }));
  const messages = sites.flatMap((s) =>
    traffic.start(
      { ...s, chargePoints: s.chargePoints.map((cp) => ({ ...cp, id: `t-${cp.id}` })) },
      new Date().toISOString(),
    ),
  );
  const start = performance.now();
  await ingestThroughHandler(rt, messages, 1, ['applied', 'stale']);
  return (performance.now() - start) / messages.length;
}

function perChargePointHour(
  label: string,
  tally: Tally,
  chargePoints: number,
  perSite: number,
  handlerMs: number,
): ChargePointHour {
  const perCpHour = (n: number) => (n / chargePoints) * (3600 / WINDOW_S);
  const messages = perCpHour(tally.messages);
  // DynamoDB per message the handler applied in the window, times the messages published: the
  // handler may lag the broker on this machine, and its backlog must not count as fewer writes.
  const perHandled = (n: number) => (n / Math.max(1, tally.handled.size)) * messages;
  return {
    label,
    messages,
    meteredMessages: perCpHour(tally.meteredMessages),
    ruleActions: messages,
    handlerMsPerMessage: handlerMs,
    writeUnits: perHandled(tally.writeUnits + tally.indexWriteUnits),
    readUnits: perHandled(tally.readUnits),
    storedBytes: STATE_BYTES_PER_CP + messages * 24 * MESSAGE_DEDUP_DAYS * MARKER_BYTES,
    chargePointsPerSite: perSite,
  };
}

const usd = (n: number) => (n >= 0.01 ? `$${n.toFixed(4)}` : `$${n.toFixed(5)}`);

function printTable(hour: ChargePointHour, write: (line: string) => void): void {
  const prices = loadPrices();
  const bySize = SCALES.map((sites) => monthlyCostPerChargePoint(hour, sites, prices));
  write(`\ncost per charge point per month — ${hour.label}; ${prices.region}, prices of ${prices.takenOn}`);
  write(
    `${'line item'.padEnd(44)}${SCALES.map((s) => `${s.toLocaleString('en')} sites`.padStart(14)).join('')}`,
  );
  for (const [i, line] of (bySize[0] ?? []).entries())
    write(
      `${line.item.padEnd(44)}${bySize.map((lines) => usd(lines[i]?.perCpMonth ?? 0).padStart(14)).join('')}`,
    );
  write(`${'total'.padEnd(44)}${bySize.map((lines) => usd(total(lines)).padStart(14)).join('')}`);
  const atScale = bySize.at(-1) ?? [];
  const sum = total(atScale);
  // The same bill per message, so another telemetry rate can be priced by multiplication.
  const perThousand = (dollars: number) =>
    (dollars / (hour.messages * COST_ASSUMPTIONS.hoursPerMonth)) * 1000;
  const dynamo = atScale.filter((l) => l.item.startsWith('DynamoDB')).reduce((n, l) => n + l.perCpMonth, 0);
  write(
    `per 1,000 messages at 10,000 sites: ${usd(perThousand(sum))} (DynamoDB ${usd(perThousand(dynamo))}) at ${hour.messages.toFixed(1)} msg/CP/h`,
  );
  const top = [...atScale].sort((a, b) => b.perCpMonth - a.perCpMonth)[0];
  write(
    sum <= COST_ASSUMPTIONS.targetPerCpMonth
      ? `✓ ${usd(sum)} ≤ $${COST_ASSUMPTIONS.targetPerCpMonth} per CP per month at 10,000 sites (largest line: ${top?.item})`
      : `✗ ${usd(sum)} > $${COST_ASSUMPTIONS.targetPerCpMonth} per CP per month at 10,000 sites; dominated by ${top?.item} (${usd(top?.perCpMonth ?? 0)}, ${(((top?.perCpMonth ?? 0) / sum) * 100).toFixed(0)} %)`,
  );
}

export async function benchCost(
  report: Report,
  write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Promise<void> {
  const stoppers: (() => Promise<unknown>)[] = [];
  try {
    process.stderr.write('cost: starting DynamoDB Local, broker, router…\n');
    const dynamo = await startDynamoDbLocal({ port: await freePort() });
    stoppers.push(() => dynamo.child.stop());
    const table = tableName('cost-bench');
    Object.assign(process.env, {
      AMPFLEET_TABLE_NAME: table,
      AWS_REGION: 'eu-central-1',
      AMPFLEET_DYNAMODB_ENDPOINT: dynamo.endpoint,
    });
    const rt = handlerRuntime(); // the very client the router's handler uses
    // A second client, unmetered: creates the table and reads the items' images for the meter.
    const { raw, doc: images } = createDynamoClients({ region: 'eu-central-1', endpoint: dynamo.endpoint });
    stoppers.push(async () => raw.destroy());
    await ensureTable(raw, table);
    const meter = costMeter();
    meterDynamo(rt.doc, meter, { doc: images, table });
    const broker = await startMeteredBroker();
    stoppers.push(() => broker.close());
    meterBroker(broker.aedes, meter, loadPrices().iotCore.messageMeteringBytes);
    const router = await startRouter(broker.url, quiet);
    stoppers.push(() => router.close());
    for (const site of demoSites)
      await registerSite(rt.doc, table, { orgId: DEMO_ORG_ID, siteId: site.id, name: site.name });
    process.stderr.write(`cost: starting the demo fleet and ${LIGHT_SITES} lightweight sites…\n`);
    const demo = await startDemoFleet({ brokerUrl: broker.url, quiet: true });
    stoppers.push(() => demo.stop());
    const fleet = await startFleetGenerator({
      brokerUrl: broker.url,
      doc: rt.doc,
      table,
      orgId: DEMO_ORG_ID,
      count: LIGHT_SITES,
      rampSeconds: 10,
      log: errorsOnly,
    });
    stoppers.push(() => fleet.stop());
    await fleet.ramped;
    process.stderr.write(`cost: warming up ${WARMUP_S} s (edge agents boot)…\n`);
    await sleep(WARMUP_S * 1000);
    // The ramp's boots and statuses must be ingested before the window, or they would be priced as
    // the steady rate (the handler lags the broker on a loaded machine).
    await drained(router, 'the ramp');
    meter.reset();
    for (let s = 0; s < WINDOW_S; s += 15) {
      process.stderr.write(
        `cost: measuring, ${s}/${WINDOW_S} s (${meter.tallies.demo.messages + meter.tallies.light.messages} messages)…\n`,
      );
      await sleep(15_000);
    }
    meter.active = false;
    const tallies: Record<SiteKind, Tally> = structuredClone(meter.tallies);
    process.stderr.write('cost: timing the handler per message…\n');
    // Timed alone: the traffic stops and its backlog drains first, so the figure is the handler's.
    await fleet.stop();
    await demo.stop();
    await drained(router, 'the window');
    const handlerMs = await handlerMsPerMessage(fleet);
    const demoCps = demoSites.reduce((n, s) => n + demoChargePointIds(s).length, 0);
    const lightCps = fleet.sites.reduce((n, s) => n + s.chargePoints.length, 0);
    const profiles = [
      perChargePointHour(
        `the demo's telemetry rate (${demoCps} CPs with edge agents)`,
        tallies.demo,
        demoCps,
        demoCps / demoSites.length,
        handlerMs,
      ),
      perChargePointHour(
        `the lightweight sites' sparse rate (${lightCps} CPs)`,
        tallies.light,
        lightCps,
        lightCps / fleet.sites.length,
        handlerMs,
      ),
    ];
    for (const [hour, tally] of profiles.map(
      (h, i) => [h, i === 0 ? tallies.demo : tallies.light] as const,
    )) {
      const name = hour.label.startsWith('the demo') ? 'demo' : 'sparse';
      const perMessage = (n: number, digits = 1) => (n / Math.max(1, tally.handled.size)).toFixed(digits);
      report({
        name: `${name}: MQTT messages per CP per hour`,
        n: tally.messages,
        engineMedianMs: hour.messages,
        unit: 'msg',
        note: `${hour.meteredMessages.toFixed(1)} 5 KB units; = rule actions = handler messages`,
      });
      report({
        name: `${name}: DynamoDB WRU per CP per hour`,
        n: tally.dynamoRequests,
        engineMedianMs: hour.writeUnits,
        unit: 'WRU',
        note: `${hour.readUnits.toFixed(2)} RRU; per message ${perMessage(tally.writeUnits)} WRU table + ${perMessage(tally.indexWriteUnits)} GSI, ${perMessage(tally.writtenItems)} items of ${(tally.writtenBytes / Math.max(1, tally.writtenItems)).toFixed(0)} B avg in ${perMessage(tally.dynamoRequests, 2)} requests`,
      });
    }
    report({
      name: 'handler time per message (sequential)',
      n: 0,
      engineMedianMs: handlerMs,
      note: `Lambda GB-s priced at ${COST_ASSUMPTIONS.lambdaMemoryGb * 1024} MB, batches of ${COST_ASSUMPTIONS.sqsBatch}`,
    });
    for (const hour of profiles) printTable(hour, write);
  } finally {
    for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${HEADER}\n`);
  await benchCost((row) => process.stdout.write(`${formatRow('cost', row)}\n`));
}
