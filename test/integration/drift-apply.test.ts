import { createLogger, forOrg } from '@ampfleet/adapters';
import { registerSite } from '@ampfleet/app';
import { aSite, aUser, anAmtron } from '@ampfleet/domain';
import { hashPassword, parseEdgeConfig, startEdgeAgent, type EdgeAgent } from '@ampfleet/edge-agent';
import { mulberry32, startEcuSimulator, type EcuSimulator } from '@ampfleet/edge-agent/sim';
import { freePort, startBroker, startRouter, type Broker, type Router } from '@ampfleet/local';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../web/server/routers/_app';
import { contextFor, createCallerFactory } from '../../web/server/trpc';
import { startTestStore, useStoreEnv, type TestStore } from '../support/dynamo';
import { eventually } from '../support/wait';

// "Apply desired", every hop real: config.save (tRPC) makes desired values drift from what the ECU
// reports → drift.applyDesired → command records in DynamoDB Local + MQTT (aedes) → edge agent →
// ChangeConfiguration over OCPP-J 1.6 → ECU simulator (4.61) takes them → the agent reads the
// configuration again → reportedConfig → router → ingest → the drift clears. The Save & Restart
// parameter goes with the confirmed Reset, sent only after its change was answered.

const ORG = 'org-apply';
const SITE = 'site-apply';
const site = aSite({
  id: SITE,
  stations: [
    anAmtron({
      id: 'st',
      firmware: '4.61-1',
      config: {
        dlmMode: 'masterWithInternalSlave',
        evseSubDistributionLimit: { l1: 63, l2: 63, l3: 63 },
        operatorEvseSubDistributionLimit: { l1: 63, l2: 63, l3: 63 },
        currentImbalancePrevention: true,
        currentImbalanceLimit: 20,
      },
    }),
  ],
});
const ecu = site.stations[0]!.ecus[0]!;
const CP = ecu.chargePointId;

let dir: string;
let store: TestStore;
let broker: Broker;
let router: Router;
let agent: EdgeAgent;
let sim: EcuSimulator;
const manager = aUser(ORG, 'fleet-manager');
const caller = () => createCallerFactory(appRouter)(contextFor(manager));

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-drift-apply-'));
  store = await startTestStore('ampfleet-drift-apply-e2e');
  useStoreEnv(store);
  broker = await startBroker(0);
  process.env.AMPFLEET_MQTT_URL = broker.url;
  router = await startRouter(
    broker.url,
    createLogger('router', () => undefined),
  );
  const clock = { now: () => new Date() };
  await registerSite({ repos: forOrg(ORG, { doc: store.clients.doc, table: store.table }), clock }, site);
  const ocppPort = await freePort();
  const log = createLogger('edge', () => undefined);
  agent = await startEdgeAgent(
    parseEdgeConfig({
      orgId: ORG,
      siteId: SITE,
      ocpp: { port: ocppPort, chargePoints: [{ id: CP, passwordHash: await hashPassword('pw') }] },
      mqtt: { url: broker.url, clientId: 'edge-apply' },
      journal: { dir: path.join(dir, 'journal') },
      reportedConfig: { intervalS: 3600 },
    }),
    log,
  );
  // The ECU holds what the site was registered with: in sync at first.
  sim = await startEcuSimulator({
    endpoint: `ws://127.0.0.1:${ocppPort}/ocpp`,
    chargePointId: CP,
    password: 'pw',
    firmwareVersion: '4.61-1',
    ecuConfig: ecu.config,
    phaseConnection: 'threePhase',
    phaseRotation: 'RST',
    ratedCurrentA: 32,
    meterValueIntervalS: 60,
    random: mulberry32(11),
    backoff: { initialDelayMs: 50, maxDelayMs: 300 },
  });
});

afterAll(async () => {
  await sim?.stop();
  await agent?.stop();
  await router?.close();
  await broker?.close();
  await store?.stop();
  await rm(dir, { recursive: true, force: true });
});

const ecuDrift = async () =>
  (await caller().drift.get({ siteId: SITE })).ecus.find((e) => e.chargePointId === CP);

describe('apply desired over the real local path', () => {
  it('a saved change drifts, drift.applyDesired sends it, the ECU takes it and reports it, and the drift clears', async () => {
    await eventually(
      async () => ((await ecuDrift())?.drift?.inSync ? true : undefined),
      'the ECU in sync after boot',
    );

    // The edit step (the Configuration tab does the same through config.save).
    const head = await caller().config.get({ siteId: SITE });
    const edited = structuredClone(head.site);
    const config = edited.stations[0]!.ecus[0]!.config;
    config.operatorEvseSubDistributionLimit = { l1: 40, l2: 40, l3: 40 };
    config.currentImbalanceLimit = 16;
    const saved = await caller().config.save({
      siteId: SITE,
      baseVersion: head.version,
      site: edited,
      comment: 'apply test',
    });
    expect(saved.version).toBe(head.version + 1);
    const drifted = await ecuDrift();
    expect(drifted?.drift?.drifted.map((d) => [d.name, d.desired, d.reported, d.apply])).toEqual([
      ['Operator EVSE Sub-Distribution Limit (L1/L2/L3) [A]', '(40/40/40)', '(63/63/63)', 'runtime'],
      ['Current Imbalance Limit', '16', '20', 'saveAndRestart'],
    ]);

    const run = await caller().drift.applyDesired({ siteId: SITE, confirmRestart: true });
    expect(run.created).toBe(true);
    // Applying again while the run is in flight returns the same run.
    expect(await caller().drift.applyDesired({ siteId: SITE, confirmRestart: true })).toEqual({
      runId: run.runId,
      created: false,
    });

    const done = await eventually(async () => {
      const status = await caller().drift.applyStatus({ siteId: SITE, runId: run.runId });
      const progress = status.run?.ecus[0];
      if (progress?.status === 'failed' || progress?.status === 'rejected') throw new Error(progress.detail);
      return progress?.status === 'done' ? status.run : undefined;
    }, 'the apply run done');
    expect(done?.inFlight).toBe(false);
    expect(done?.ecus[0]?.changes.map((c) => [c.name, c.command, c.reported])).toEqual([
      ['Operator EVSE Sub-Distribution Limit (L1/L2/L3) [A]', 'accepted', true],
      ['Current Imbalance Limit', 'accepted', true],
    ]);
    // The simulator holds the new values, and a Reset went out after the changes were answered.
    const commands = (await caller().commands.list({ siteId: SITE, limit: 20 })).commands;
    const kinds = commands.map((c) => [c.kind, c.status]).reverse();
    expect(kinds).toEqual([
      ['changeConfiguration', 'accepted'],
      ['changeConfiguration', 'accepted'],
      ['reset', 'accepted'],
    ]);
    const after = await ecuDrift();
    expect(after?.drift?.inSync).toBe(true);
  });
});
