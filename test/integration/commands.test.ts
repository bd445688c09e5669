import {
  applyTelemetry,
  createCommandRecord,
  createLogger,
  getCommandRecord,
  type CommandRecord,
} from '@ampfleet/adapters';
import { aUser, siteTopic, TopicChannel, type Command } from '@ampfleet/domain';
import { ingestTelemetry } from '@ampfleet/functions/ingest-telemetry';
import { handlerRuntime } from '@ampfleet/functions/runtime';
import { randomUUID } from 'node:crypto';
import { hashPassword, parseEdgeConfig, startEdgeAgent, type EdgeAgent } from '@ampfleet/edge-agent';
import { createOcppClient, mulberry32, startEcuSimulator, type EcuSimulator } from '@ampfleet/edge-agent/sim';
import { freePort, startBroker, startRouter, type Broker, type Router } from '@ampfleet/local';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../web/server/routers/_app';
import { contextFor, createCallerFactory } from '../../web/server/trpc';
import { aBoot } from '../support/builders';
import { aCommand } from '../support/commands';
import { startTestStore, useStoreEnv, type TestStore } from '../support/dynamo';
import { eventually } from '../support/wait';

// Commands from the cloud, every hop real: tRPC (createCaller) → DynamoDB Local + MQTT broker (aedes)
// → edge agent → OCPP-J 1.6 over ws → ECU simulator; result → journal → broker → router → ingest.
const ORG = 'org-cmd';
const OTHER_ORG = 'org-other';
const SITE = 'site-cmd';
const MASTER = 'CP-M'; // DLM master, EVSE Sub-Distribution Limit 32 A
const LATE = 'CP-L'; // connects only after a command was sent
const NEVER = 'CP-N'; // never connects
const SUB_DISTRIBUTION_LIMIT_A = 32;

let store: TestStore;
let broker: Broker;
let router: Router;
let agent: EdgeAgent;
let watcher: MqttClient;
let ocppPort: number;
let journalDir: string;
const sims: EcuSimulator[] = [];
/** commandResult events as they arrive at the broker (commandId → statuses). */
const results = new Map<string, string[]>();
const quiet = createLogger('edge', () => undefined);

const callerFor = (orgId: string) => createCallerFactory(appRouter)(contextFor(aUser(orgId)));

async function startAgent(): Promise<EdgeAgent> {
  const hash = await hashPassword('pw');
  const config = parseEdgeConfig({
    orgId: ORG,
    siteId: SITE,
    ocpp: {
      port: ocppPort,
      heartbeatIntervalS: 60,
      chargePoints: [MASTER, LATE, NEVER, 'CP-R', 'CP-T'].map((id) => ({ id, passwordHash: hash })),
    },
    mqtt: { url: broker.url, clientId: 'edge-cmd' },
    journal: { dir: journalDir },
  });
  return startEdgeAgent(config, quiet);
}

async function startSim(chargePointId: string, master = false): Promise<EcuSimulator> {
  const sim = await startEcuSimulator({
    endpoint: `ws://127.0.0.1:${ocppPort}/ocpp`,
    chargePointId,
    password: 'pw',
    firmwareVersion: '4.53',
    phaseConnection: 'threePhase',
    phaseRotation: 'RST',
    ratedCurrentA: 32,
    meterValueIntervalS: 5,
    random: mulberry32(3),
    backoff: { initialDelayMs: 50, maxDelayMs: 300 },
    ...(master && { dlmMaster: { subDistributionLimitA: SUB_DISTRIBUTION_LIMIT_A } }),
  });
  sims.push(sim);
  return sim;
}

/** The cloud's part of `commands.send` without its 10 s minimum deadline: record, then publish. */
async function sendDirect(command: Command, payload: unknown = command): Promise<void> {
  await createCommandRecord(store.clients.doc, store.table, {
    orgId: ORG,
    siteId: SITE,
    command,
    nowEpochS: Math.floor(Date.now() / 1000),
  });
  await watcher.publishAsync(siteTopic(ORG, SITE, TopicChannel.commands), JSON.stringify(payload), {
    qos: 1,
  });
}

const record = (commandId: string) => getCommandRecord(store.clients.doc, store.table, ORG, SITE, commandId);
const settled = (commandId: string): Promise<CommandRecord> =>
  eventually(async () => {
    const r = await record(commandId);
    return r && r.status !== 'pending' ? r : undefined;
  }, `a result for command ${commandId}`);
const booted = (sim: EcuSimulator) =>
  eventually(async () => (sim.state.accepted ? true : undefined), `${sim.chargePointId} booted`);

beforeAll(async () => {
  store = await startTestStore('ampfleet-commands');
  useStoreEnv(store);
  broker = await startBroker(0);
  process.env.AMPFLEET_MQTT_URL = broker.url;
  process.env.AMPFLEET_CONSOLE_ORG_ID = 'unused-by-createCaller';
  router = await startRouter(
    broker.url,
    createLogger('router', () => undefined),
  );
  watcher = await mqtt.connectAsync(broker.url, { clientId: 'test-watcher' });
  await watcher.subscribeAsync(siteTopic(ORG, SITE, TopicChannel.telemetry), { qos: 1 });
  watcher.on('message', (_topic, payload) => {
    const m = JSON.parse(payload.toString()) as { type: string; commandId?: string; status?: string };
    if (m.type === 'commandResult' && m.commandId)
      results.set(m.commandId, [...(results.get(m.commandId) ?? []), m.status ?? '']);
  });
  // The site and its charge points are known to the cloud (as after their first boot).
  for (const chargePointId of [MASTER, LATE, NEVER, 'CP-R', 'CP-T'])
    await applyTelemetry(store.clients.doc, store.table, {
      orgId: ORG,
      siteId: SITE,
      message: aBoot({ chargePointId }),
      nowEpochS: 0,
    });
  await applyTelemetry(store.clients.doc, store.table, {
    orgId: OTHER_ORG,
    siteId: 'site-other',
    message: aBoot({ chargePointId: 'CP-X' }),
    nowEpochS: 0,
  });
  ocppPort = await freePort();
  journalDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'ampfleet-cmd-')), 'journal');
  agent = await startAgent();
  await booted(await startSim(MASTER, true));
});

afterAll(async () => {
  for (const sim of sims) await sim.stop();
  await agent?.stop();
  await watcher?.endAsync();
  await router?.close();
  await broker?.close();
  await store?.stop();
});

const master = () => sims.find((s) => s.chargePointId === MASTER) as EcuSimulator;

describe('commands from the cloud', () => {
  it('sets the operator limit on an online DLM master: accepted, ingested, and the master allocates at most it', async () => {
    const sent = await callerFor(ORG).commands.send({
      siteId: SITE,
      chargePointId: MASTER,
      command: { kind: 'setOperatorLimit', amps: 16 },
    });
    expect(sent.status).toBe('pending');
    const done = await settled(sent.commandId);
    expect(done).toMatchObject({ status: 'accepted', response: { status: 'Accepted' } });
    expect(master().state.operatorLimitA).toBe(16);
    master().setOfferedCurrent(32);
    expect(master().state.offeredA).toBeLessThanOrEqual(16);
    const got = await callerFor(ORG).commands.get({ siteId: SITE, commandId: sent.commandId });
    expect(got.status).toBe('accepted');
  });

  it('refuses an operator limit above the EVSE Sub-Distribution Limit and leaves the ECU unchanged', async () => {
    const before = master().state.operatorLimitA;
    const sent = await callerFor(ORG).commands.send({
      siteId: SITE,
      chargePointId: MASTER,
      command: { kind: 'setOperatorLimit', amps: SUB_DISTRIBUTION_LIMIT_A + 1 },
    });
    const done = await settled(sent.commandId);
    expect(done.status).toBe('refused');
    expect(done.detail).toContain('EVSE Sub-Distribution Limit');
    expect(master().state.operatorLimitA).toBe(before);
  });

  it('applies and clears a TxDefaultProfile, which caps what the connector offers', async () => {
    const set = aCommand({
      kind: 'setChargingProfile',
      chargePointId: MASTER,
      connectorId: 1,
      csChargingProfiles: {
        chargingProfileId: 7,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Relative',
        chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 8 }] },
      },
    });
    await sendDirect(set);
    expect((await settled(set.commandId)).status).toBe('accepted');
    expect(master().state.offeredA).toBeLessThanOrEqual(8);
    const clear = aCommand({ kind: 'clearChargingProfile', chargePointId: MASTER, id: 7 });
    await sendDirect(clear);
    expect((await settled(clear.commandId)).status).toBe('accepted');
    expect(master().state.offeredA).toBe(16);
  });

  it('runs a command for an offline charge point when it connects before the deadline', async () => {
    const command = aCommand({
      kind: 'changeConfiguration',
      chargePointId: LATE,
      key: 'HeartbeatInterval',
      value: '120',
    });
    await sendDirect(command);
    await startSim(LATE);
    const done = await settled(command.commandId);
    expect(done).toMatchObject({ status: 'accepted', response: { status: 'Accepted' } });
  });

  it("reports 'expired' at the deadline when the charge point never connects", async () => {
    const command = aCommand({ kind: 'reset', chargePointId: NEVER, type: 'Soft' }, 1_500);
    await sendDirect(command);
    const done = await settled(command.commandId);
    expect(done.status).toBe('expired');
    expect(done.detail).toContain(NEVER);
  });

  it('executes a redelivered command once', async () => {
    const command = aCommand({
      kind: 'getConfiguration',
      chargePointId: MASTER,
      keys: ['HeartbeatInterval'],
    });
    await sendDirect(command);
    await settled(command.commandId);
    const topic = siteTopic(ORG, SITE, TopicChannel.commands);
    await watcher.publishAsync(topic, JSON.stringify(command), { qos: 1 });
    await watcher.publishAsync(topic, JSON.stringify(command), { qos: 1 });
    // A later command's result is journaled after anything the duplicates could have produced.
    const marker = aCommand({ kind: 'getConfiguration', chargePointId: MASTER });
    await sendDirect(marker);
    await eventually(async () => (results.has(marker.commandId) ? true : undefined), 'the marker result');
    expect(results.get(command.commandId)).toEqual(['accepted']);
  });

  it('rejects a bad payload naming the field', async () => {
    const command = aCommand({ kind: 'setOperatorLimit', chargePointId: MASTER, amps: 10 });
    await sendDirect(command, { ...command, amps: -5 });
    const done = await settled(command.commandId);
    expect(done.status).toBe('rejected');
    expect(done.detail).toMatch(/^amps: /);
    expect(master().state.operatorLimitA).toBe(16);
  });

  it('keeps pending commands across an agent restart: run when the charge point comes, expired when it never does', async () => {
    const runs = aCommand({ kind: 'reset', chargePointId: 'CP-R', type: 'Soft' });
    const expires = aCommand({ kind: 'getConfiguration', chargePointId: NEVER }, 3_000);
    await sendDirect(runs);
    await sendDirect(expires);
    await eventually(async () => {
      const r = await record(runs.commandId);
      return r?.status === 'pending' ? true : undefined;
    }, 'sent');
    // Both are on the agent's disk before it stops (it acks only then); the next start resumes them.
    const receivedBefore = [...results.keys()].length;
    await agent.stop();
    while (Date.now() < Date.parse(expires.deadline)) await new Promise((r) => setTimeout(r, 200));
    agent = await startAgent();
    expect((await settled(expires.commandId)).status).toBe('expired');
    await startSim('CP-R');
    expect((await settled(runs.commandId)).status).toBe('accepted');
    expect([...results.keys()].length).toBeGreaterThan(receivedBefore);
  });

  it('reports failed with the reason when the charge point does not answer before the deadline', async () => {
    const mute = createOcppClient({
      endpoint: `ws://127.0.0.1:${ocppPort}/ocpp`,
      identity: 'CP-T',
      password: 'pw',
    });
    mute.handle('GetConfiguration', () => new Promise(() => undefined));
    await mute.connect();
    await mute.call('BootNotification', {
      chargePointVendor: 'MENNEKES',
      chargePointModel: 'AMTRON',
      firmwareVersion: '4.50',
    });
    const command = aCommand({ kind: 'setOperatorLimit', chargePointId: 'CP-T', amps: 6 }, 2_000);
    await sendDirect(command);
    const done = await settled(command.commandId);
    expect(done.status).toBe('failed');
    expect(done.detail).toMatch(/^GetConfiguration: .*[Tt]imeout/);
    await mute.close({ force: true });
  });

  it('ingest applies a result once, never over a final status, and only at its own org and site', async () => {
    const command = aCommand({ kind: 'reset', chargePointId: NEVER, type: 'Hard' });
    await createCommandRecord(store.clients.doc, store.table, {
      orgId: ORG,
      siteId: SITE,
      command,
      nowEpochS: 0,
    });
    const result = (status: string, messageId = randomUUID()) => ({
      v: 1,
      messageId,
      chargePointId: NEVER,
      observedAt: new Date().toISOString(),
      type: 'commandResult',
      commandId: command.commandId,
      status,
      detail: status,
    });
    const ingest = (payload: object, org = ORG, site = SITE) =>
      ingestTelemetry(
        { ...payload, topic: siteTopic(org, site, TopicChannel.telemetry), receivedAt: 0 },
        handlerRuntime(),
      );
    expect(await ingest(result('accepted'), OTHER_ORG, SITE)).toEqual({ status: 'stale' });
    expect((await record(command.commandId))?.status).toBe('pending');
    const accepted = result('accepted');
    expect(await ingest(accepted)).toEqual({ status: 'applied' });
    expect(await ingest(accepted)).toEqual({ status: 'duplicate' });
    expect(await ingest(result('expired'))).toEqual({ status: 'stale' });
    expect(await ingest(result('failed'))).toEqual({ status: 'stale' });
    expect(await record(command.commandId)).toMatchObject({ status: 'accepted', detail: 'accepted' });
  });

  it("tenancy: another organisation can neither send to nor read this organisation's commands", async () => {
    const mine = await callerFor(ORG).commands.list({ siteId: SITE });
    expect(mine.commands.length).toBeGreaterThan(0);
    const other = callerFor(OTHER_ORG);
    await expect(
      other.commands.send({ siteId: SITE, chargePointId: MASTER, command: { kind: 'reset', type: 'Hard' } }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      other.commands.get({ siteId: SITE, commandId: mine.commands[0]!.commandId }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    // Another organisation's site looks like no site at all.
    await expect(other.commands.list({ siteId: SITE })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Its own site works, and bad command fields are named.
    await expect(
      other.commands.send({
        siteId: 'site-other',
        chargePointId: 'CP-X',
        command: { kind: 'setOperatorLimit', amps: -1 },
      }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('command.amps') as unknown,
    });
  });
});
