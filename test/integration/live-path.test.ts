import { createLogger, readFleet, type LogFields } from '@ampfleet/adapters';
import { channelFilter, siteTopic, TopicChannel } from '@ampfleet/domain';
import { hashPassword, parseEdgeConfig, startEdgeAgent, type EdgeAgent } from '@ampfleet/edge-agent';
import { anEv, mulberry32, startEcuSimulator, type EcuSimulator } from '@ampfleet/edge-agent/sim';
import { startBroker, startRouter, type Broker, type Router } from '@ampfleet/local';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aStatus } from '../support/builders';
import { startTestStore, useStoreEnv, type TestStore } from '../support/dynamo';
import { eventually } from '../support/wait';

// ECU simulator → edge agent (OCPP-J 1.6) → MQTT broker → rules router → ingest handler → DynamoDB Local,
// every hop a real server on 127.0.0.1.
const ORG = 'org-live';
const SITE = 'site-live';
let store: TestStore;
let broker: Broker;
let router: Router;
let agent: EdgeAgent;
let ecu: EcuSimulator;
const routerLog: { message: string; fields?: LogFields }[] = [];

beforeAll(async () => {
  store = await startTestStore('ampfleet-live');
  useStoreEnv(store);
  broker = await startBroker(0);
  const capture = (message: string, fields?: LogFields) => void routerLog.push({ message, fields });
  router = await startRouter(broker.url, { info: capture, warn: capture, error: capture });
  const config = parseEdgeConfig({
    orgId: ORG,
    siteId: SITE,
    ocpp: {
      port: 0,
      heartbeatIntervalS: 60,
      chargePoints: [{ id: 'CP-7', passwordHash: await hashPassword('pw-7') }],
    },
    mqtt: { url: broker.url, clientId: 'edge-live' },
    journal: { dir: await mkdtemp(path.join(os.tmpdir(), 'ampfleet-live-journal-')) },
  });
  agent = await startEdgeAgent(
    config,
    createLogger('edge', () => undefined),
  );
  ecu = await startEcuSimulator({
    endpoint: `ws://127.0.0.1:${agent.ocpp.port}/ocpp`,
    chargePointId: 'CP-7',
    password: 'pw-7',
    model: 'AMTRON Professional+',
    phaseConnection: 'threePhase',
    phaseRotation: 'STR',
    ratedCurrentA: 32,
    meterValueIntervalS: 0.3,
    random: mulberry32(7),
  });
});

afterAll(async () => {
  await ecu?.stop();
  await agent?.stop();
  await router?.close();
  await broker?.close();
  await store?.stop();
});

describe('live path', () => {
  it('carries boot, status and per-phase currents from a simulated ECU into the fleet table', async () => {
    await ecu.plugIn(anEv(mulberry32(1), { type: '1-phase-16A' }));
    ecu.setOfferedCurrent(16);
    const connector = await eventually(async () => {
      const fleet = await readFleet(store.clients.doc, store.table, ORG);
      const c = fleet.connectors.find((x) => x.chargePointId === 'CP-7' && x.connectorId === 1);
      return c?.status === 'Charging' && c.currentImport && c.currentImport.l2 > 0 ? c : undefined;
    }, 'a charging connector with current on L2');
    // A 1-phase EV on a CP wired S/T/R loads grid phase L2 only (§3.1).
    expect(connector.currentImport).toMatchObject({ l1: 0, l3: 0 });
    const fleet = await readFleet(store.clients.doc, store.table, ORG);
    expect(fleet.sites).toMatchObject([{ siteId: SITE }]);
    expect(fleet.chargePoints).toMatchObject([{ chargePointId: 'CP-7', model: 'AMTRON Professional+' }]);
  });

  it('rejects malformed and schema-violating MQTT payloads with a logged reason, writes nothing, keeps routing', async () => {
    const other = 'site-quiet';
    const topic = siteTopic(ORG, other, TopicChannel.telemetry);
    const client = await mqtt.connectAsync(broker.url, { clientId: 'intruder' });
    await client.publishAsync(topic, '{"not json', { qos: 1 });
    await client.publishAsync(topic, JSON.stringify([1, 2, 3]), { qos: 1 });
    await client.publishAsync(topic, JSON.stringify({ ...aStatus(), status: 'Exploded' }), { qos: 1 });
    await eventually(
      async () =>
        routerLog.filter((l) => l.message === 'telemetry rejected').length >= 2 ? true : undefined,
      'the router to log the rejections',
    );
    expect(routerLog.filter((l) => l.message === 'telemetry rejected').map((l) => l.fields?.issues)).toEqual([
      [{ path: '(root)', message: 'payload is not valid JSON' }],
      [{ path: '(root)', message: 'payload is not a JSON object' }],
    ]);
    // The schema violation reaches the handler, which names the field and writes nothing.
    const valid = aStatus({ chargePointId: 'CP-Q', status: 'Faulted', errorCode: 'GroundFailure' });
    await client.publishAsync(topic, JSON.stringify(valid), { qos: 1 });
    const fleet = await eventually(async () => {
      const f = await readFleet(store.clients.doc, store.table, ORG);
      return f.connectors.some((c) => c.chargePointId === 'CP-Q') ? f : undefined;
    }, 'the valid message after the bad ones');
    const quiet = fleet.connectors.filter((c) => c.siteId === other);
    expect(quiet).toEqual([expect.objectContaining({ chargePointId: 'CP-Q', status: 'Faulted' })]);
    await client.endAsync();
  });

  it('subscribes with exactly the shared rules list', () => {
    expect(routerLog.find((l) => l.message === 'router subscribed')?.fields?.rules).toEqual([
      `${channelFilter(TopicChannel.telemetry)} → ingest-telemetry`,
      `${channelFilter(TopicChannel.telemetry)} → load-twin`,
    ]);
  });
});
