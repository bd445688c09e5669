// Benchmark: replay throughput of the edge journal after an outage — N journaled messages drained by
// the forwarder over the uplink to a local aedes broker (QoS 1, PUBACK → delete), beside a bare
// mqtt.js QoS 1 publish loop of the same payloads to the same broker. A QoS 1 subscriber (standing in
// for the IoT rule) receives every message in both cases. Target: replay ≥ 5,000 messages/s.
// Run alone: `npx tsx test/bench/edge-journal.ts`.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createLogger } from '@ampfleet/adapters';
import { channelFilter, siteTopic, TopicChannel, type TelemetryMessage } from '@ampfleet/domain';
import { parseEdgeConfig } from '@ampfleet/edge-agent';
import { openJournal, type Journal } from '../../edge-agent/src/journal/journal';
import { startForwarder } from '../../edge-agent/src/mqtt/forwarder';
import { connectUplink } from '../../edge-agent/src/mqtt/uplink';
import { startBroker, type Broker } from '@ampfleet/local';
import mqtt from 'mqtt';
import { aMeterValues } from '../support/builders';

export interface EdgeJournalBenchRow {
  name: string;
  n: number;
  engineMedianMs: number;
  referenceMedianMs?: number;
  ratio?: number;
  note?: string;
}

const N = 20_000;
const RUNS = 3;
const TARGET_MSG_S = 5_000;
const ORG = 'org-bench';
const SITE = 'site-bench';
const quiet = createLogger('bench', () => undefined);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] ?? NaN;
};
const rate = (ms: number) => Math.round((N / ms) * 1000);

function sampleMessages(): TelemetryMessage[] {
  const start = Date.UTC(2026, 10, 24, 8);
  return Array.from({ length: N }, (_, i) =>
    aMeterValues({
      chargePointId: `CP-${i % 20}`,
      observedAt: new Date(start + i * 500).toISOString(),
      energyImportWh: i,
    }),
  );
}

async function fillJournal(
  messages: readonly TelemetryMessage[],
): Promise<{ dir: string; journal: Journal }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-bench-journal-'));
  const journal = await openJournal({ dir });
  for (let i = 0; i < messages.length; i += 1_000)
    await Promise.all(messages.slice(i, i + 1_000).map((m) => journal.append(m)));
  return { dir, journal };
}

/** A QoS 1 subscriber on the telemetry channel, counting what it receives. */
async function subscriber(broker: Broker): Promise<{ received: () => number; close: () => Promise<void> }> {
  const client = await mqtt.connectAsync(broker.url, { clientId: `bench-rule-${Date.now()}` });
  let received = 0;
  client.on('message', () => (received += 1));
  await client.subscribeAsync(channelFilter(TopicChannel.telemetry), { qos: 1 });
  return { received: () => received, close: () => client.endAsync() };
}

async function replayOnce(broker: Broker, messages: readonly TelemetryMessage[]): Promise<number> {
  const { dir, journal } = await fillJournal(messages);
  const config = parseEdgeConfig({
    orgId: ORG,
    siteId: SITE,
    ocpp: { port: 0, chargePoints: [{ id: 'CP-0', passwordHash: 'scrypt$AAAA$BBBB' }] },
    mqtt: { url: broker.url, clientId: `bench-edge-${Date.now()}` },
  });
  const uplink = connectUplink(config, quiet);
  while (!uplink.connected) await new Promise((r) => setTimeout(r, 10));
  const start = performance.now();
  const forwarder = startForwarder(journal, uplink, quiet);
  if (!(await forwarder.drained(300_000))) throw new Error('replay did not finish within 300 s');
  const ms = performance.now() - start;
  await forwarder.stop();
  await uplink.close();
  await journal.close();
  await rm(dir, { recursive: true, force: true });
  return ms;
}

async function bareOnce(broker: Broker, messages: readonly TelemetryMessage[]): Promise<number> {
  const payloads = messages.map((m) => JSON.stringify(m));
  const topic = siteTopic(ORG, SITE, TopicChannel.telemetry);
  const client = await mqtt.connectAsync(broker.url, { clientId: `bench-bare-${Date.now()}`, clean: false });
  const start = performance.now();
  await Promise.all(payloads.map((p) => client.publishAsync(topic, p, { qos: 1 })));
  const ms = performance.now() - start;
  await client.endAsync();
  return ms;
}

export async function benchEdgeJournal(report: (row: EdgeJournalBenchRow) => void): Promise<void> {
  const broker = await startBroker(0);
  const rule = await subscriber(broker);
  const messages = sampleMessages();
  const replay: number[] = [];
  const bare: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      process.stderr.write(`  edge-journal run ${run + 1}/${RUNS}: replay…`);
      replay.push(await replayOnce(broker, messages));
      process.stderr.write(' bare publish loop…');
      bare.push(await bareOnce(broker, messages));
      process.stderr.write(' done\n');
    }
  } finally {
    await rule.close();
    await broker.close();
  }
  const engine = median(replay);
  const reference = median(bare);
  report({
    name: `journal replay after outage (${N} msgs, QoS 1)`,
    n: N,
    engineMedianMs: engine,
    referenceMedianMs: reference,
    ratio: reference / engine,
    note:
      `replay ${rate(engine)} msg/s vs bare mqtt.js loop ${rate(reference)} msg/s; ` +
      `target ≥ ${TARGET_MSG_S} msg/s: ${rate(engine) >= TARGET_MSG_S ? 'met' : 'MISSED'}`,
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchEdgeJournal((row) => process.stdout.write(`${JSON.stringify(row)}\n`)).catch((err: Error) => {
    process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  });
}
