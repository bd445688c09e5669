import { createLogger, forOrg } from '@ampfleet/adapters';
import { aUser, phases } from '@ampfleet/domain';
import { registerSite, setLoadLimits, setLoadSchedule } from '@ampfleet/app';
import { mqttCommandPublisher } from '@ampfleet/adapters/mqtt';
import { hashPassword, parseEdgeConfig, startEdgeAgent, type EdgeAgent } from '@ampfleet/edge-agent';
import { anEv, mulberry32, startEcuSimulator, type EcuSimulator } from '@ampfleet/edge-agent/sim';
import {
  freePort,
  startBroker,
  startRouter,
  startScheduler,
  type Broker,
  type Router,
  type Scheduler,
} from '@ampfleet/local';
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aSharedSite } from '../../services/domain/src/load/control/testing';
import { startTestStore, useStoreEnv, type TestStore } from '../support/dynamo';
import { eventually } from '../support/wait';

// A schedule changes the operator limit AT THE ECU SIMULATOR at the scheduled time (issue #13 point 8):
// DynamoDB Local, the real broker and rules router, the edge agent, the ECU simulator as DLM master over
// OCPP-J 1.6, and the load-control handler run by the local scheduler on an injected clock.
const ORG = 'org-sched';
const quiet = createLogger('test', () => undefined);
const site = {
  ...aSharedSite({ mainA: 100, networks: [{ subDistributionA: 40, chargePoints: 1 }] }),
  id: 'site-sched',
};
const MASTER = site.stations[0]!.ecus[0]!.chargePointId;

let store: TestStore;
let broker: Broker;
let router: Router;
let agent: EdgeAgent;
let sim: EcuSimulator;
let scheduler: Scheduler;
// The injected clock is a Wednesday 13:59 in Berlin AHEAD of the wall clock: the edge agent expires a
// command by its own (real) clock at the deadline the cloud set from the injected one, so a clock in the
// past would expire every command on arrival (a fixed date here failed once that date had passed).
const start = nextWednesdayBerlin(13, 59);
let now = start;
const at = (minutes: number, seconds = 0) => new Date(start.getTime() + (minutes * 60 + seconds) * 1000);

beforeAll(async () => {
  store = await startTestStore('ampfleet-load-schedule');
  useStoreEnv(store);
  broker = await startBroker(0);
  process.env.AMPFLEET_MQTT_URL = broker.url;
  router = await startRouter(broker.url, quiet);
  scheduler = await startScheduler(quiet, { now: () => now, timers: false });
  const repos = forOrg(ORG, { doc: store.clients.doc, table: store.table });
  await registerSite({ repos }, site);
  const ocppPort = await freePort();
  const journalDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'ampfleet-sched-')), 'journal');
  agent = await startEdgeAgent(
    parseEdgeConfig({
      orgId: ORG,
      siteId: site.id,
      ocpp: {
        port: ocppPort,
        heartbeatIntervalS: 60,
        chargePoints: [{ id: MASTER, passwordHash: await hashPassword('pw') }],
      },
      mqtt: { url: broker.url, clientId: 'edge-sched' },
      journal: { dir: journalDir },
    }),
    quiet,
  );
  sim = await startEcuSimulator({
    endpoint: `ws://127.0.0.1:${ocppPort}/ocpp`,
    chargePointId: MASTER,
    password: 'pw',
    firmwareVersion: '4.61-6000-a1b2c3d4e',
    phaseConnection: 'threePhase',
    phaseRotation: 'RST',
    ratedCurrentA: 32,
    meterValueIntervalS: 5,
    random: mulberry32(9),
    backoff: { initialDelayMs: 50, maxDelayMs: 300 },
    dlmMaster: { subDistributionLimitA: 40 },
  });
  await eventually(async () => (sim.state.accepted ? true : undefined), 'master booted');
  // The charge point is known to the cloud once its boot is ingested (commands need it).
  await eventually(
    async () => ((await repos.chargePoints.ofSite(site.id)).chargePoints.length > 0 ? true : undefined),
    'the boot ingested',
  );
  // Wednesdays 14:00–16:00 site time: 4 A per phase.
  await setLoadSchedule(
    {
      repos,
      clock: { now: () => now },
      principal: aUser(ORG),
      publisher: mqttCommandPublisher(broker.url),
      newId: randomUUID,
    },
    {
      siteId: site.id,
      schedule: { entries: [{ days: ['wed'], from: '14:00', to: '16:00', siteLimitA: phases(4) }] },
    },
  );
}, 180_000);

afterAll(async () => {
  await sim?.stop();
  await agent?.stop();
  await scheduler?.close();
  await router?.close();
  await broker?.close();
  await store?.stop();
});

describe('load schedule at the ECU', () => {
  it('before the scheduled time the idle floor, from 14:00 site time the scheduled limit', async () => {
    await eventually(
      async () => (sim.state.operatorLimitA === 6 ? true : undefined),
      'the idle floor at the ECU',
    );
    now = at(0, 30);
    await scheduler.runNow();
    expect(sim.state.operatorLimitA).toBe(6);
    now = at(1); // 14:00 in Berlin
    const results = await scheduler.runNow();
    expect(results['load-control']).toMatchObject({ sites: 1, commands: 1, failed: 0 });
    await eventually(
      async () => (sim.state.operatorLimitA === 4 ? true : undefined),
      'the scheduled limit at the ECU',
    );
  });
});

// Issue #13 point 4 for charge points WITHOUT a DLM master: the controller's limit goes out as a
// ChargePointMaxProfile (SetChargingProfile, connector 0) through the same path — cloud → broker → edge
// agent → OCPP → the ECU simulator — and the offer the simulated charge point makes respects it.
const free = { ...aSharedSite({ mainA: 100, networks: [], withoutDlm: 1 }), id: 'site-free' };
const FREE_CP = free.stations[0]!.ecus[0]!.chargePointId;
const ACTIVE: readonly string[] = ['Preparing', 'Charging', 'SuspendedEV', 'SuspendedEVSE'];

describe('a site limit on a charge point without a DLM master', () => {
  let freeAgent: EdgeAgent;
  let freeSim: EcuSimulator;

  beforeAll(async () => {
    const repos = forOrg(ORG, { doc: store.clients.doc, table: store.table });
    await registerSite({ repos }, free);
    const ocppPort = await freePort();
    const journalDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'ampfleet-free-')), 'journal');
    freeAgent = await startEdgeAgent(
      parseEdgeConfig({
        orgId: ORG,
        siteId: free.id,
        ocpp: {
          port: ocppPort,
          heartbeatIntervalS: 60,
          chargePoints: [{ id: FREE_CP, passwordHash: await hashPassword('pw') }],
        },
        mqtt: { url: broker.url, clientId: 'edge-free' },
        journal: { dir: journalDir },
      }),
      quiet,
    );
    freeSim = await startEcuSimulator({
      endpoint: `ws://127.0.0.1:${ocppPort}/ocpp`,
      chargePointId: FREE_CP,
      password: 'pw',
      firmwareVersion: '4.61-6000-a1b2c3d4e',
      phaseConnection: 'threePhase',
      phaseRotation: 'RST',
      ratedCurrentA: 32,
      meterValueIntervalS: 1,
      random: mulberry32(11),
      backoff: { initialDelayMs: 50, maxDelayMs: 300 },
    });
    await eventually(async () => (freeSim.state.accepted ? true : undefined), 'the charge point booted');
    // An EV plugs in (offered the full 32 A); the cloud has seen its status (the controller's demand).
    await freeSim.plugIn(anEv(mulberry32(5), { maxCurrentA: 32, phases: 3, idTag: 'FREE-1' }));
    await eventually(
      async () =>
        (await repos.chargePoints.ofSite(free.id)).connectors.some(
          (c) =>
            c.chargePointId === FREE_CP && c.connectorId === 1 && ACTIVE.includes(c.status ?? 'Available'),
        )
          ? true
          : undefined,
      'the EV’s status ingested',
    );
  }, 180_000);

  afterAll(async () => {
    await freeSim?.stop();
    await freeAgent?.stop();
  });

  it('reaches the simulated charge point as a ChargePointMaxProfile, and its offer respects it', async () => {
    expect(freeSim.state.offeredA).toBe(32);
    const repos = forOrg(ORG, { doc: store.clients.doc, table: store.table });
    await setLoadLimits(
      {
        repos,
        clock: { now: () => now },
        principal: aUser(ORG),
        publisher: mqttCommandPublisher(broker.url),
        newId: randomUUID,
      },
      { siteId: free.id, limits: { siteLimitA: phases(10), networks: [] } },
    );
    const [command] = await repos.commands.list(free.id, 10);
    expect(command).toMatchObject({
      chargePointId: FREE_CP,
      command: {
        kind: 'setChargingProfile',
        connectorId: 0,
        csChargingProfiles: {
          chargingProfilePurpose: 'ChargePointMaxProfile',
          chargingSchedule: {
            chargingRateUnit: 'A',
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }],
          },
        },
      },
    });
    await eventually(
      async () =>
        (await repos.commands.get(free.id, command!.commandId))?.status === 'accepted' ? true : undefined,
      'the edge agent applied the profile',
    );
    expect(freeSim.state.offeredA).toBe(10);
  });
});

/** The first Wednesday at least a day from now, at hh:mm Europe/Berlin (CET or CEST), as an instant. */
function nextWednesdayBerlin(hh: number, mm: number): Date {
  const day = new Date(Date.now() + 86_400_000);
  while (day.getUTCDay() !== 3) day.setUTCDate(day.getUTCDate() + 1);
  const guess = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hh, mm);
  const offset = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Berlin', timeZoneName: 'shortOffset' })
    .formatToParts(new Date(guess))
    .find((p) => p.type === 'timeZoneName')!.value; // "GMT+1" or "GMT+2"
  return new Date(guess - Number(offset.replace('GMT', '')) * 3_600_000);
}
