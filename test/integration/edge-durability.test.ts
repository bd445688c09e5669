import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createLogger, type LogFields } from '@ampfleet/adapters';
import { siteTopic, TopicChannel } from '@ampfleet/domain';
import { hashPassword, parseEdgeConfig, startEdgeAgent } from '@ampfleet/edge-agent';
import { createOcppClient, meterValuesRequest, ocppErrorCode } from '@ampfleet/edge-agent/sim';
import { freePort, startBroker, startRouter, type Broker, type Router } from '@ampfleet/local';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJournal } from '../../edge-agent/src/journal/journal';
import { startTestStore, useStoreEnv, type TestStore } from '../support/dynamo';
import {
  appliedMessageIds,
  observeTelemetry,
  startMeterStream,
  startUplinkProxy,
  type MeterStream,
  type TelemetryObserver,
} from '../support/edge-durability';
import { eventually } from '../support/wait';

// The edge journal under the two faults, every hop a real server on 127.0.0.1:
// OCPP client → edge agent (journal on disk) → MQTT broker → rules router → ingest → DynamoDB Local.
// "Acknowledged" = the OCPP call got its CALLRESULT. Each acknowledged MeterValues carries a unique
// energy reading, which ties it to the messageId the agent gave it (seen by a QoS 1 observer) and to
// the ingest's MSG#<messageId> dedup marker.

const ORG = 'org-durable';
const OUTAGE_MS = 60_000;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PASSWORD = 'pw-durable';
const quiet = createLogger('edge', () => undefined);

let store: TestStore;
let brokerPort: number;
let broker: Broker;
let router: Router;
let observer: TelemetryObserver;
let tmp: string;
const routerLog: string[] = [];

beforeAll(async () => {
  store = await startTestStore('ampfleet-durability');
  useStoreEnv(store);
  brokerPort = await freePort();
  broker = await startBroker(brokerPort);
  const capture = (message: string, _fields?: LogFields) => void routerLog.push(message);
  router = await startRouter(broker.url, { info: capture, warn: capture, error: capture });
  observer = await observeTelemetry(broker.url);
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-durability-'));
});

afterAll(async () => {
  await observer?.close();
  await router?.close();
  await broker?.close();
  await store?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function edgeConfig(siteId: string, mqttUrl: string, ocppPort: number, chargePoints: string[]) {
  return parseEdgeConfig({
    orgId: ORG,
    siteId,
    ocpp: {
      port: ocppPort,
      chargePoints: await Promise.all(
        chargePoints.map(async (id) => ({ id, passwordHash: await hashPassword(PASSWORD) })),
      ),
    },
    mqtt: { url: mqttUrl, clientId: `edge-${siteId}` },
    journal: { dir: path.join(tmp, `${siteId}.journal`) },
  });
}

const streams = (port: number, chargePoints: string[], intervalMs: number) =>
  Promise.all(
    chargePoints.map((chargePointId) =>
      startMeterStream({
        endpoint: `ws://127.0.0.1:${port}/ocpp`,
        chargePointId,
        password: PASSWORD,
        intervalMs,
      }),
    ),
  );

/** After a broker restart: wait until the rules router and the observer are subscribed again. */
async function rulesSubscribed(): Promise<void> {
  const client = await mqtt.connectAsync(broker.url, { clientId: 'durability-probe' });
  const topic = siteTopic(ORG, 'probe', TopicChannel.telemetry);
  await eventually(async () => {
    const seen = routerLog.length;
    await client.publishAsync(topic, '{probe', { qos: 1 });
    await sleep(300);
    return routerLog.length > seen && observer.probes.length > 0 ? true : undefined;
  }, 'the rules router to resubscribe');
  await client.endAsync();
}

interface Delivery {
  acknowledged: number;
  lost: number;
  /** Acknowledged calls that became two different messages (a duplicate application). */
  splitIntoTwoIds: number;
  applied: number;
  distinctDelivered: number;
  redeliveries: number;
  outOfOrder: number;
}

/** Waits until every acknowledged reading is applied in DynamoDB, then tallies what happened. */
async function delivery(siteId: string, done: MeterStream[]): Promise<Delivery> {
  const mine = () => observer.delivered.filter((m) => done.some((s) => s.chargePointId === m.chargePointId));
  const key = (cp: string, energyWh: number | undefined) => `${cp}:${energyWh}`;
  const expected = done.flatMap((s) => s.acked.map((e) => key(s.chargePointId, e)));
  const idsOf = () => {
    const ids = new Map<string, Set<string>>();
    for (const m of mine()) {
      if (m.type !== 'meterValues') continue;
      const k = key(m.chargePointId, m.energyImportWh);
      ids.set(k, (ids.get(k) ?? new Set()).add(m.messageId));
    }
    return ids;
  };
  const applied = await eventually(
    async () => {
      const ids = idsOf();
      const markers = await appliedMessageIds(store, siteId);
      const all = expected.every((k) => [...(ids.get(k) ?? [])].some((id) => markers.has(id)));
      return all ? markers : undefined;
    },
    `every acknowledged message of ${siteId} applied`,
    150_000,
  ).catch(() => appliedMessageIds(store, siteId));
  const ids = idsOf();
  const delivered = mine();
  const distinct = new Set(delivered.map((m) => m.messageId));
  let outOfOrder = 0;
  for (const s of done) {
    const firstSeen = [
      ...new Set(delivered.filter((m) => m.chargePointId === s.chargePointId).map((m) => m.messageId)),
    ];
    const energies = firstSeen
      .map((id) => delivered.find((m) => m.messageId === id))
      .flatMap((m) =>
        m?.type === 'meterValues' && m.energyImportWh !== undefined ? [m.energyImportWh] : [],
      );
    outOfOrder += energies.filter((e, i) => i > 0 && e <= (energies[i - 1] ?? 0)).length;
  }
  return {
    acknowledged: expected.length,
    lost: expected.filter((k) => ![...(ids.get(k) ?? [])].some((id) => applied.has(id))).length,
    splitIntoTwoIds: [...ids.values()].filter((set) => set.size > 1).length,
    applied: applied.size,
    distinctDelivered: distinct.size,
    redeliveries: delivered.length - distinct.size,
    outOfOrder,
  };
}

function report(name: string, d: Delivery, extra: Record<string, number> = {}): void {
  process.stdout.write(`[edge-durability] ${name}: ${JSON.stringify({ ...d, ...extra })}\n`);
}

describe('edge journal durability', () => {
  it('broker down for 60 s mid-stream: 0 lost and 0 duplicated at the ingest, order kept per charge point', async () => {
    const siteId = 'site-outage';
    const proxy = await startUplinkProxy(brokerPort);
    const config = await edgeConfig(siteId, proxy.url, 0, ['CP-O1', 'CP-O2']);
    const agent = await startEdgeAgent(config, quiet);
    const running = await streams(agent.ocpp.port, ['CP-O1', 'CP-O2'], 50);
    await eventually(
      async () =>
        observer.delivered.filter((m) => m.chargePointId === 'CP-O1').length >= 20 ? true : undefined,
      'telemetry flowing before the outage',
    );
    // The uplink drops first (in-flight publishes get no PUBACK), then the broker stops: all sessions gone.
    proxy.cut();
    await broker.close();
    await sleep(OUTAGE_MS);
    const journaledDuringOutage = agent.journal.stats().entries;
    broker = await startBroker(brokerPort);
    await rulesSubscribed(); // in AWS the IoT rules never unsubscribe; the local router must first
    proxy.restore();
    await sleep(3_000);
    await Promise.all(running.map((s) => s.stop()));
    await eventually(
      async () => (agent.journal.stats().entries === 0 ? true : undefined),
      'the journal to drain',
      150_000,
    );
    const d = await delivery(siteId, running);
    report('60 s broker outage', d, { journaledDuringOutage });
    await agent.stop();
    await proxy.close();
    expect(journaledDuringOutage).toBeGreaterThan(100);
    expect(d).toMatchObject({ lost: 0, splitIntoTwoIds: 0, outOfOrder: 0 });
    // Every message the broker delivered was applied exactly once: one marker per distinct message id.
    expect(d.applied).toBe(d.distinctDelivered);
    expect(d.acknowledged).toBeGreaterThan(journaledDuringOutage);
  }, 300_000);

  it('kill -9 of the agent mid-stream, restart on the same journal: 0 acknowledged messages lost', async () => {
    const siteId = 'site-kill';
    const ocppPort = await freePort();
    const config = await edgeConfig(siteId, broker.url, ocppPort, ['CP-K1', 'CP-K2']);
    const configFile = path.join(tmp, `${siteId}.edge.json`);
    await writeFile(configFile, JSON.stringify(config), { mode: 0o600 });
    const output: string[] = [];
    const startAgent = (): ChildProcess => {
      const child = spawn(
        process.execPath,
        // The shipped launcher: the bundle if built and fresh, else the sources through tsx.
        [path.join(ROOT, 'edge-agent/bin/ampfleet-edge.js'), '--config', configFile],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child.stdout?.on('data', (b: Buffer) => output.push(b.toString()));
      child.stderr?.on('data', (b: Buffer) => output.push(b.toString()));
      return child;
    };
    const exited = (child: ChildProcess) =>
      new Promise<void>((resolve) =>
        child.exitCode !== null ? resolve() : child.once('exit', () => resolve()),
      );

    const first = startAgent();
    const running = await streams(ocppPort, ['CP-K1', 'CP-K2'], 0);
    const total = () => running.reduce((n, s) => n + s.acked.length, 0);
    await eventually(async () => (total() >= 300 ? true : undefined), '300 acknowledged calls');
    first.kill('SIGKILL');
    await exited(first);
    const ackedBeforeKill = total();

    const second = startAgent();
    try {
      await eventually(
        async () => (total() >= ackedBeforeKill + 300 ? true : undefined),
        'streaming after restart',
      );
      await Promise.all(running.map((s) => s.stop()));
      const d = await delivery(siteId, running);
      report('kill -9 and restart', d, { ackedBeforeKill });
      expect(first.signalCode).toBe('SIGKILL');
      expect(d.lost).toBe(0);
      expect(d.splitIntoTwoIds).toBe(0);
      expect(d.applied).toBe(d.distinctDelivered);
    } catch (err) {
      process.stderr.write(output.join('').slice(-4_000));
      throw err;
    } finally {
      second.kill('SIGTERM');
      await exited(second);
    }
  }, 240_000);

  it('answers the ECU with an InternalError CALLERROR when the journal cannot store the message', async () => {
    const config = await edgeConfig('site-broken-disk', broker.url, 0, ['CP-X1']);
    const journal = await openJournal({ dir: path.join(tmp, 'broken.journal') });
    const agent = await startEdgeAgent(config, quiet, { journal });
    await journal.close(); // every append now fails, as on a full or failed disk
    const client = createOcppClient({
      endpoint: `ws://127.0.0.1:${agent.ocpp.port}/ocpp`,
      identity: 'CP-X1',
      password: PASSWORD,
    });
    await client.connect();
    const call = client.call(
      'MeterValues',
      meterValuesRequest({
        at: new Date(),
        importA: { L1: 1, L2: 1, L3: 1 },
        offeredA: { L1: 16, L2: 16, L3: 16 },
        powerW: 690,
        energyWh: 1,
      }),
    );
    const code = await call.then(() => 'CALLRESULT', ocppErrorCode);
    await client.close({ force: true });
    await agent.stop();
    expect(code).toBe('InternalError');
  });
});
