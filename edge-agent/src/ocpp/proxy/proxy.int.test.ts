import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '@ampfleet/runtime/log';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOcppClient, type OcppClient, type OcppParams } from '../../../sim/ocpp-client';
import { eventLog, type EventLog } from '../../../sim/wait-for';
import { startEdgeAgent, type EdgeAgent } from '../../agent';
import { parseEdgeConfig, type EdgeConfig } from '../../config';
import { hashPassword } from '../password';
import type { ServerClient } from '../rpc';
import { Upstream, UPSTREAM_PASSWORD, type UpstreamCall } from './backend.fixture';

// Proxy mode over loopback, every part real: the ECU test client → the edge agent (journal on disk,
// upstream queue on disk) → a real OCPP-J 1.6 backend (ocpp-rpc RPCServer with Basic auth) that the
// test stops and restarts on the same port to make the outage.

const ECU_PASSWORD = 'ecu-pw';
const WRONG_UPSTREAM_PASSWORD = 'not-the-upstream-secret';

// Until the local transaction handlers land in handlers.ts, the test registers minimal ones through
// the same path (the agent's client for the charge point), so the proxy wraps them like any other.
let nextLocalTransactionId = 1;
function registerLocalTransactionHandlers(client: ServerClient): void {
  client.handle('StartTransaction', () =>
    Promise.resolve({ transactionId: nextLocalTransactionId++, idTagInfo: { status: 'Accepted' } }),
  );
  client.handle('StopTransaction', () => Promise.resolve({ idTagInfo: { status: 'Accepted' } }));
  client.handle('Authorize', () => Promise.resolve({ idTagInfo: { status: 'Invalid' } }));
}

let tmp: string;
let upstream: Upstream;
let config: EdgeConfig;
let agent: EdgeAgent;
const logLines: string[] = [];
const log = createLogger('edge', (line) => void logLines.push(line));

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-proxy-'));
  upstream = new Upstream();
  await upstream.start();
  await writeFile(path.join(tmp, 'cp1.pw'), `${UPSTREAM_PASSWORD}\n`);
  await writeFile(path.join(tmp, 'cp2.pw'), WRONG_UPSTREAM_PASSWORD);
  const ecuHash = await hashPassword(ECU_PASSWORD);
  config = parseEdgeConfig({
    orgId: 'org-a',
    siteId: 'site-proxy',
    ocpp: {
      port: 0,
      chargePoints: [
        { id: 'CP-1', passwordHash: ecuHash },
        { id: 'CP-2', passwordHash: ecuHash },
      ],
      upstream: {
        url: upstream.url,
        chargePoints: [
          { id: 'CP-1', passwordFile: path.join(tmp, 'cp1.pw') },
          { id: 'CP-2', passwordFile: path.join(tmp, 'cp2.pw') },
        ],
        callTimeoutMs: 5_000,
        backoff: { initialDelayMs: 50, maxDelayMs: 250 },
      },
    },
    // No broker: telemetry stays in the journal, the cloud mirror's store-and-forward.
    mqtt: { url: 'mqtt://127.0.0.1:1' },
    journal: { dir: path.join(tmp, 'journal') },
  });
  agent = await startEdgeAgent(config, log);
});

afterAll(async () => {
  await agent?.stop();
  await upstream?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const ecuCalls: EventLog<{ method: string; params: OcppParams }> = eventLog();

async function connectEcu(identity: string): Promise<OcppClient> {
  const ecu = createOcppClient({
    endpoint: `ws://127.0.0.1:${agent.ocpp.port}/ocpp`,
    identity,
    password: ECU_PASSWORD,
    backoff: { initialDelayMs: 50, maxDelayMs: 250 },
  });
  for (const method of ['ChangeConfiguration', 'RemoteStopTransaction'])
    ecu.handle(method, (params) => {
      ecuCalls.push({ method, params });
      return Promise.resolve({ status: 'Accepted' });
    });
  await ecu.connect();
  const client = await until(() => agent.ocpp.client(identity), `${identity} at the agent`);
  registerLocalTransactionHandlers(client);
  return ecu;
}

/** Connects the ECU and waits until the agent's upstream link for it is open. */
async function connectLinked(identity: string): Promise<OcppClient> {
  const from = logLines.length;
  const ecu = await connectEcu(identity);
  await until(
    () =>
      logLines
        .slice(from)
        .some((l) => l.includes('"upstream connected"') && l.includes(`"chargePointId":"${identity}"`))
        ? true
        : undefined,
    `${identity}'s upstream link`,
  );
  return ecu;
}

async function until<T>(probe: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function journaled(): Promise<{ type: string; chargePointId: string }[]> {
  const entries = await agent.journal.read(undefined, 10_000);
  return entries.map((e) => JSON.parse(e.payload) as { type: string; chargePointId: string });
}

const meterValues = (transactionId: number, at: string): OcppParams => ({
  connectorId: 1,
  transactionId,
  meterValue: [
    { timestamp: at, sampledValue: [{ value: '12.5', measurand: 'Current.Import', phase: 'L1', unit: 'A' }] },
  ],
});

const transactionCalls = (from: number): UpstreamCall[] =>
  upstream.calls.events
    .slice(from)
    .filter((c) => ['StartTransaction', 'MeterValues', 'StopTransaction'].includes(c.method));

describe('OCPP proxy mode', () => {
  let ecu: OcppClient;

  it('relays the upstream replies while the upstream is up, and still mirrors to the cloud journal', async () => {
    ecu = await connectLinked('CP-1');

    const boot = await ecu.call('BootNotification', {
      chargePointVendor: 'MENNEKES',
      chargePointModel: 'AMTRON',
    });
    expect(boot).toMatchObject({ status: 'Accepted', interval: 77 }); // the upstream's, not the agent's 300
    const auth = await ecu.call('Authorize', { idTag: 'TAG-1' });
    expect(auth).toEqual({ idTagInfo: { status: 'Accepted', parentIdTag: 'UPSTREAM-GROUP' } });

    const start = await ecu.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG-1',
      meterStart: 0,
      timestamp: '2026-11-24T08:00:00.000Z',
    });
    // The upstream's idTagInfo, the agent's own transaction id.
    expect(start.idTagInfo).toEqual({ status: 'Accepted', parentIdTag: 'UPSTREAM-GROUP' });
    const localId = start.transactionId as number;
    expect(localId).toBeLessThan(9000);
    const from = upstream.calls.events.length;
    await ecu.call('MeterValues', meterValues(localId, '2026-11-24T08:05:00.000Z'));
    await ecu.call('StopTransaction', {
      transactionId: localId,
      meterStop: 1000,
      timestamp: '2026-11-24T08:10:00.000Z',
    });
    expect(transactionCalls(from).map((c) => [c.method, c.params.transactionId])).toEqual([
      ['MeterValues', 9001],
      ['StopTransaction', 9001],
    ]);
    expect(agent.ocpp.upstreamQueueDepth('CP-1')).toBe(0);

    const mirrored = await journaled();
    expect(mirrored.filter((m) => m.chargePointId === 'CP-1').map((m) => m.type)).toEqual(
      expect.arrayContaining(['boot', 'meterValues']),
    );
  });

  it('relays upstream calls to the ECU, with the transaction id translated back', async () => {
    const change = await upstream.call('CP-1', 'ChangeConfiguration', {
      key: 'HeartbeatInterval',
      value: '60',
    });
    expect(change).toEqual({ status: 'Accepted' });
    expect(ecuCalls.events.at(-1)).toEqual({
      method: 'ChangeConfiguration',
      params: { key: 'HeartbeatInterval', value: '60' },
    });
    await upstream.call('CP-1', 'RemoteStopTransaction', { transactionId: 9001 });
    expect(ecuCalls.events.at(-1)?.params).toEqual({ transactionId: 1 });
  });

  it('answers locally while the upstream is down and delivers a whole transaction later, in order, across an agent restart', async () => {
    await upstream.stop();
    const auth = await ecu.call('Authorize', { idTag: 'TAG-2' });
    expect(auth).toEqual({ idTagInfo: { status: 'Invalid' } }); // the local answer
    const start = await ecu.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG-2',
      meterStart: 1000,
      timestamp: '2026-11-24T09:00:00.000Z',
    });
    expect(start).toEqual({ transactionId: 2, idTagInfo: { status: 'Accepted' } });
    await ecu.call('MeterValues', meterValues(2, '2026-11-24T09:05:00.000Z'));
    await ecu.call('StopTransaction', {
      transactionId: 2,
      meterStop: 2000,
      timestamp: '2026-11-24T09:10:00.000Z',
    });
    expect(agent.ocpp.upstreamQueueDepth('CP-1')).toBe(3);

    // Restart the agent on the same directories while the upstream is still down.
    await ecu.close({ force: true });
    await agent.stop();
    agent = await startEdgeAgent(config, log);
    expect(agent.ocpp.upstreamQueueDepth('CP-1')).toBe(3);
    ecu = await connectEcu('CP-1');
    const second = await ecu.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG-3',
      meterStart: 2000,
      timestamp: '2026-11-24T10:00:00.000Z',
    });
    expect(second.transactionId).toBe(3);
    await ecu.call('StopTransaction', {
      transactionId: 3,
      meterStop: 2500,
      timestamp: '2026-11-24T10:30:00.000Z',
    });
    expect(agent.ocpp.upstreamQueueDepth('CP-1')).toBe(5);

    const from = upstream.calls.events.length;
    await upstream.start(); // same port
    await upstream.calls.waitFor((c) => c.method === 'StopTransaction' && c.params.meterStop === 2500, {
      from,
      what: 'the last queued Stop upstream',
      timeoutMs: 60_000,
    });
    expect(
      transactionCalls(from).map((c) => [c.method, c.params.transactionId, timestampOf(c.params)]),
    ).toEqual([
      ['StartTransaction', undefined, '2026-11-24T09:00:00.000Z'],
      ['MeterValues', 9002, '2026-11-24T09:05:00.000Z'],
      ['StopTransaction', 9002, '2026-11-24T09:10:00.000Z'],
      ['StartTransaction', undefined, '2026-11-24T10:00:00.000Z'],
      ['StopTransaction', 9003, '2026-11-24T10:30:00.000Z'],
    ]);
    await until(() => (agent.ocpp.upstreamQueueDepth('CP-1') === 0 ? true : undefined), 'an empty queue');
    // The new upstream ids are now known both ways.
    await upstream.call('CP-1', 'RemoteStopTransaction', { transactionId: 9003 });
    expect(ecuCalls.events.at(-1)?.params).toEqual({ transactionId: 3 });
  });

  it('logs a refused upstream password, keeps serving locally, and never logs a password', async () => {
    const cp2 = await connectEcu('CP-2');
    await upstream.refused.waitFor((id) => id === 'CP-2', { what: 'CP-2 refused upstream' });
    await until(
      () =>
        logLines.some(
          (l) => l.includes('upstream refused the charge point credentials') && l.includes('CP-2'),
        )
          ? true
          : undefined,
      'the refusal in the log',
    );
    const boot = await cp2.call('BootNotification', {
      chargePointVendor: 'MENNEKES',
      chargePointModel: 'AMTRON',
    });
    expect(boot).toMatchObject({ status: 'Accepted', interval: 300 }); // the agent's own answer
    expect(agent.ocpp.upstreamQueueDepth('CP-2')).toBe(1);
    expect(upstream.connections.events).not.toContain('CP-2');
    const all = logLines.join('\n');
    expect(all).not.toContain(UPSTREAM_PASSWORD);
    expect(all).not.toContain(WRONG_UPSTREAM_PASSWORD);
    await cp2.close({ force: true });
    await ecu.close({ force: true });
  });

  it('keeps a call a retry may fix, answers the upstream "charge point offline" meanwhile, and lets the link follow the ECU', async () => {
    const cp1 = await connectLinked('CP-1');
    upstream.failing.set('StatusNotification', 'InternalError');
    const status = { connectorId: 1, status: 'Available', errorCode: 'NoError' };
    expect(await cp1.call('StatusNotification', status)).toEqual({}); // answered locally
    expect(agent.ocpp.upstreamQueueDepth('CP-1')).toBe(1);
    await cp1.close({ force: true });
    await until(() => (agent.ocpp.client('CP-1') ? undefined : true), 'CP-1 gone from the agent');

    // The backlog keeps the upstream link up; the ECU is not there to answer.
    await expect(upstream.call('CP-1', 'Reset', { type: 'Soft' })).rejects.toMatchObject({
      rpcErrorCode: 'GenericError',
      message: 'charge point offline',
    });
    const from = upstream.disconnections.events.length;
    upstream.failing.delete('StatusNotification');
    await upstream.disconnections.waitFor((id) => id === 'CP-1', { from, what: 'the idle link closed' });
    expect(agent.ocpp.upstreamQueueDepth('CP-1')).toBe(0);
    expect(upstream.calls.events.filter((c) => c.method === 'StatusNotification').length).toBeGreaterThan(1);
  });

  it('drops and logs a queued call the upstream refuses for good, and delivers the next one', async () => {
    const cp1 = await connectLinked('CP-1');
    const status = { connectorId: 1, status: 'Available', errorCode: 'NoError' };
    // Refused at once: the ECU gets the local answer, nothing is queued.
    upstream.failing.set('StatusNotification', 'NotSupported');
    expect(await cp1.call('StatusNotification', status)).toEqual({});
    expect(agent.ocpp.upstreamQueueDepth('CP-1')).toBe(0);

    // Refused on delivery from the queue: dropped with an error in the log; the queue moves on.
    await upstream.stop();
    await cp1.call('StatusNotification', { ...status, timestamp: '2026-11-24T11:00:00.000Z' });
    await cp1.call('MeterValues', {
      ...meterValues(3, '2026-11-24T11:01:00.000Z'),
      transactionId: undefined,
    });
    expect(agent.ocpp.upstreamQueueDepth('CP-1')).toBe(2);
    const from = upstream.calls.events.length;
    await upstream.start();
    const delivered = await upstream.calls.waitFor((c) => c.method === 'MeterValues', {
      from,
      what: 'the MeterValues behind the refused call',
    });
    expect(delivered.params).not.toHaveProperty('transactionId');
    expect(upstream.calls.events.slice(from).map((c) => c.method)).toEqual([
      'StatusNotification',
      'MeterValues',
    ]);
    await until(() => (agent.ocpp.upstreamQueueDepth('CP-1') === 0 ? true : undefined), 'an empty queue');
    expect(
      logLines.filter((l) => l.includes('upstream refused a call')).map((l) => JSON.parse(l) as object),
    ).toEqual([
      expect.objectContaining({ message: 'upstream refused a call; answered locally', code: 'NotSupported' }),
      expect.objectContaining({
        message: 'upstream refused a call; dropped from the upstream queue',
        method: 'StatusNotification',
        code: 'NotSupported',
      }),
    ]);
    upstream.failing.clear();
    await cp1.close({ force: true });
  });
});

function timestampOf(params: OcppParams): unknown {
  const meterValue = params.meterValue as { timestamp: string }[] | undefined;
  return params.timestamp ?? meterValue?.[0]?.timestamp;
}
