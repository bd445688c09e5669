import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@ampfleet/runtime/log';
import { TelemetryMessage } from '@ampfleet/domain';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEcuSimulator } from '../../sim/ecu-simulator';
import { anEv } from '../../sim/ev';
import { createOcppClient, ocppErrorCode, type OcppClient, type OcppParams } from '../../sim/ocpp-client';
import { mulberry32 } from '../../sim/random';
import { startEdgeAgent, type EdgeAgent } from '../agent';
import { parseEdgeConfig, type EdgeConfig } from '../config';
import { hashPassword } from './password';

// Transactions, Authorize and DataTransfer through the real agent: OCPP over a real WebSocket on
// loopback, the journal and the transaction ledger in a real LevelDB directory (temp dir). The uplink
// points at a closed port, so every message stays in the journal, where the tests read it.

const PASSWORD = 'correct horse';
const log = createLogger('test', () => undefined);
let tmp: string;
let passwordHash: string;
const agents: EdgeAgent[] = [];
const clients: OcppClient[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-tx-'));
  passwordHash = await hashPassword(PASSWORD);
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close({ force: true })));
  await Promise.all(agents.splice(0).map((a) => a.stop()));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

function siteConfig(siteId: string, port = 0): EdgeConfig {
  return parseEdgeConfig({
    orgId: 'org-a',
    siteId,
    ocpp: {
      port,
      chargePoints: [{ id: 'CP-1', passwordHash }],
      authorization: {
        localList: [
          { idTag: 'CARD-OK', status: 'Accepted', parentIdTag: 'FLEET-1' },
          { idTag: 'CARD-OLD', status: 'Accepted', expiryDate: '2025-01-01T00:00:00Z' },
          { idTag: 'CARD-STOLEN', status: 'Blocked' },
        ],
      },
      dataTransfer: { vendorIds: ['MENNEKES'] },
    },
    mqtt: { url: 'mqtt://127.0.0.1:1' },
    journal: { dir: path.join(tmp, `${siteId}.journal`) },
  });
}

function freePort(): Promise<number> {
  const server = net.createServer();
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    }),
  );
}

async function agentFor(config: EdgeConfig): Promise<EdgeAgent> {
  const agent = await startEdgeAgent(config, log);
  agents.push(agent);
  return agent;
}

async function ecu(port: number): Promise<OcppClient> {
  const client = createOcppClient({
    endpoint: `ws://127.0.0.1:${port}/ocpp`,
    identity: 'CP-1',
    password: PASSWORD,
  });
  clients.push(client);
  await client.connect();
  return client;
}

async function journaled(agent: EdgeAgent): Promise<TelemetryMessage[]> {
  const entries = await agent.journal.read(undefined, 10_000);
  // Every journaled message satisfies the cloud's contract.
  return entries.map((e) => TelemetryMessage.parse(JSON.parse(e.payload)));
}

const start = (over: OcppParams = {}): OcppParams => ({
  connectorId: 1,
  idTag: 'CARD-OK',
  meterStart: 1000,
  timestamp: '2026-11-24T09:00:00.000Z',
  ...over,
});
const stop = (over: OcppParams = {}): OcppParams => ({
  transactionId: 1,
  meterStop: 4000,
  timestamp: '2026-11-24T10:00:00.000Z',
  reason: 'EVDisconnected',
  ...over,
});

describe('OCPP transactions at the edge agent', () => {
  it('keeps ids across an agent restart on the same directory: new ids are above all before', async () => {
    const config = siteConfig('site-restart');
    const first = await agentFor(config);
    const before = await ecu(first.ocpp.port);
    const a = await before.call('StartTransaction', start());
    const b = await before.call('StartTransaction', start({ connectorId: 2, meterStart: 50 }));
    expect([a.transactionId, b.transactionId]).toEqual([1, 2]);
    await before.close({ force: true });
    await first.stop();
    agents.splice(0);

    const second = await agentFor(config);
    const after = await ecu(second.ocpp.port);
    const c = await after.call(
      'StartTransaction',
      start({ connectorId: 3, timestamp: '2026-11-24T11:00:00Z' }),
    );
    expect(c.transactionId).toBe(3);
    // The open transaction survived the restart: its stop is matched, with its start reading.
    await after.call('StopTransaction', stop({ transactionId: 2, meterStop: 90 }));
    const stopped = (await journaled(second)).filter((m) => m.type === 'transactionStopped');
    expect(stopped).toMatchObject([{ transactionId: 2, matched: true, meterStartWh: 50, meterStopWh: 90 }]);
  });

  it('answers a repeated StartTransaction with the same id and journals it under one message id', async () => {
    const agent = await agentFor(siteConfig('site-repeat'));
    const client = await ecu(agent.ocpp.port);
    const first = await client.call('StartTransaction', start());
    const again = await client.call('StartTransaction', start());
    expect(again).toEqual(first);
    expect(first).toMatchObject({
      transactionId: 1,
      idTagInfo: { status: 'Accepted', parentIdTag: 'FLEET-1' },
    });
    const started = (await journaled(agent)).filter((m) => m.type === 'transactionStarted');
    expect(started).toHaveLength(2);
    expect(new Set(started.map((m) => m.messageId)).size).toBe(1);
    // A new start on the same connector closes the open one.
    const next = await client.call(
      'StartTransaction',
      start({ meterStart: 3000, timestamp: '2026-11-24T12:00:00Z' }),
    );
    expect(next.transactionId).toBe(2);
    expect((await journaled(agent)).filter((m) => m.type === 'transactionStopped')).toMatchObject([
      { transactionId: 1, reason: 'Superseded', meterStopWh: 3000, stoppedAt: '2026-11-24T12:00:00.000Z' },
    ]);
  });

  it('an offline start (old timestamp, meter values first) and a stop with id -1 make one closed transaction', async () => {
    const agent = await agentFor(siteConfig('site-offline'));
    const client = await ecu(agent.ocpp.port);
    const sample = (transactionId: number) => ({
      connectorId: 1,
      transactionId,
      meterValue: [{ timestamp: '2026-11-20T08:05:00Z', sampledValue: [{ value: '1500', unit: 'Wh' }] }],
    });
    expect(await client.call('MeterValues', sample(-1))).toEqual({});
    const started = await client.call('StartTransaction', start({ timestamp: '2026-11-20T08:00:00Z' }));
    expect(started.transactionId).toBe(1);
    expect(await client.call('StopTransaction', stop({ transactionId: -1, idTag: 'CARD-OK' }))).toEqual({
      idTagInfo: { status: 'Accepted', parentIdTag: 'FLEET-1' },
    });
    const messages = await journaled(agent);
    expect(messages.filter((m) => m.type !== 'meterValues')).toMatchObject([
      { type: 'transactionStarted', transactionId: 1, startedAt: '2026-11-20T08:00:00.000Z' },
      {
        type: 'transactionStopped',
        transactionId: 1,
        matched: true,
        meterStartWh: 1000,
        meterStopWh: 4000,
        anomalies: ['stopWithoutTransactionId'],
      },
    ]);
    expect(messages[0]).toMatchObject({ type: 'meterValues', transactionId: -1, energyImportWh: 1500 });
    expect(agent.transactions.openTransactions('CP-1')).toEqual([]);
  });

  it('accepts and records a stop for an id it never assigned, and never hands that id out', async () => {
    const agent = await agentFor(siteConfig('site-unknown'));
    const client = await ecu(agent.ocpp.port);
    expect(await client.call('StopTransaction', stop({ transactionId: 41 }))).toEqual({});
    expect(await journaled(agent)).toMatchObject([
      { type: 'transactionStopped', transactionId: 41, matched: false, anomalies: ['unknownTransactionId'] },
    ]);
    expect((await client.call('StartTransaction', start())).transactionId).toBe(42);
  });

  it('authorizes from the local list: Accepted, Blocked, Expired, Invalid — StartTransaction answers the same', async () => {
    const agent = await agentFor(siteConfig('site-auth'));
    const client = await ecu(agent.ocpp.port);
    const status = async (idTag: string) =>
      ((await client.call('Authorize', { idTag })).idTagInfo as { status: string }).status;
    expect(await status('card-ok')).toBe('Accepted');
    expect(await status('CARD-STOLEN')).toBe('Blocked');
    expect(await status('CARD-OLD')).toBe('Expired');
    expect(await status('SOMEONE')).toBe('Invalid');
    const res = await client.call('StartTransaction', start({ idTag: 'CARD-OLD' }));
    expect(res).toMatchObject({ transactionId: 1, idTagInfo: { status: 'Expired' } });
    expect(await journaled(agent)).toMatchObject([{ type: 'transactionStarted', idTagStatus: 'Expired' }]);
    // connectorId 0 is the charge point itself: no transaction can run there (OCPP 1.6 StartTransaction.req).
    const err = await client.call('StartTransaction', start({ connectorId: 0 })).catch((e: unknown) => e);
    expect(ocppErrorCode(err)).toBe('PropertyConstraintViolation');
  });

  it('answers DataTransfer Accepted for configured vendors, UnknownVendorId otherwise, and records both', async () => {
    const agent = await agentFor(siteConfig('site-dt'));
    const client = await ecu(agent.ocpp.port);
    const big = 'x'.repeat(5000);
    expect(await client.call('DataTransfer', { vendorId: 'MENNEKES', messageId: 'diag', data: big })).toEqual(
      {
        status: 'Accepted',
      },
    );
    expect(await client.call('DataTransfer', { vendorId: 'ACME' })).toEqual({ status: 'UnknownVendorId' });
    const recorded = await journaled(agent);
    expect(recorded).toMatchObject([
      { type: 'dataTransfer', vendorId: 'MENNEKES', dataTransferMessageId: 'diag', dataTruncated: true },
      { type: 'dataTransfer', vendorId: 'ACME', status: 'UnknownVendorId', dataTruncated: false },
    ]);
    expect(recorded[0]?.type === 'dataTransfer' && recorded[0].data?.length).toBe(1024);
  });
});

describe('ECU simulator against the agent', () => {
  it('plug-in → Authorize + StartTransaction, meter values carry the id, unplug → StopTransaction', async () => {
    const agent = await agentFor(siteConfig('site-sim'));
    const ecu = await startEcuSimulator({
      endpoint: `ws://127.0.0.1:${agent.ocpp.port}/ocpp`,
      chargePointId: 'CP-1',
      password: PASSWORD,
      phaseConnection: 'threePhase',
      phaseRotation: 'RST',
      ratedCurrentA: 32,
      meterValueIntervalS: 0.05,
      random: mulberry32(7),
      timeScale: 3600,
    });
    try {
      const until = async (ok: (m: TelemetryMessage[]) => boolean): Promise<TelemetryMessage[]> => {
        for (;;) {
          const m = await journaled(agent);
          if (ok(m)) return m;
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      await until((m) => m.some((x) => x.type === 'boot'));
      // The journal shows the boot while its fsync is pending, before the ECU has its answer; an EV
      // plugged in before the ECU is accepted starts nothing until then, so wait for the answer too.
      await until(() => ecu.state.accepted);
      await ecu.plugIn(anEv(mulberry32(1), { idTag: 'CARD-STOLEN' }));
      expect(ecu.state.transactionId).toBeUndefined(); // a Blocked card starts nothing
      await ecu.unplug();
      await ecu.plugIn(anEv(mulberry32(2), { idTag: 'CARD-OK', type: '3-phase-16A', stateOfCharge: 0.2 }));
      expect(ecu.state.transactionId).toBe(1);
      await until((m) =>
        m.some((x) => x.type === 'meterValues' && x.transactionId === 1 && x.currentImport.l1 > 0),
      );
      await ecu.unplug();
      const messages = await until((m) => m.some((x) => x.type === 'transactionStopped'));
      const [start, stop] = messages.filter(
        (x) => x.type === 'transactionStarted' || x.type === 'transactionStopped',
      );
      expect(start).toMatchObject({ transactionId: 1, idTag: 'CARD-OK', idTagStatus: 'Accepted' });
      expect(stop).toMatchObject({ transactionId: 1, matched: true, reason: 'EVDisconnected' });
      const energy =
        stop?.type === 'transactionStopped' ? (stop.meterStopWh ?? 0) - (stop.meterStartWh ?? 0) : 0;
      expect(energy).toBeGreaterThan(0);
    } finally {
      await ecu.stop();
    }
  });
});

describe('transaction ids after kill -9', () => {
  const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

  it('never hands out an id twice when the agent is killed mid-stream and restarted on the same directory', async () => {
    const config = siteConfig('site-kill', await freePort());
    const file = path.join(tmp, 'site-kill.edge.json');
    await writeFile(file, JSON.stringify(config), { mode: 0o600 });
    const run = (): ChildProcess =>
      spawn(
        process.execPath,
        ['--import', 'tsx', path.join(ROOT, 'edge-agent/src/main.ts'), '--config', file],
        {
          cwd: ROOT,
          stdio: 'ignore',
        },
      );
    const connect = async (): Promise<OcppClient> => {
      for (;;) {
        try {
          return await ecu(config.ocpp.port);
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };
    const answered: number[] = [];
    const first = run();
    const client = await connect();
    // Starts on ever new connectors, one after another, until the kill cuts one off mid-call.
    let n = 0;
    const streaming = (async () => {
      for (;;) {
        const res = await client
          .call('StartTransaction', start({ connectorId: (n % 16) + 1, meterStart: n++ }))
          .catch(() => undefined);
        if (!res) return;
        answered.push(res.transactionId as number);
        if (answered.length === 25) first.kill('SIGKILL');
      }
    })();
    await streaming;
    await new Promise<void>((r) => (first.exitCode !== null ? r() : first.once('exit', () => r())));
    await client.close({ force: true });

    const second = run();
    try {
      const again = await connect();
      const next = await again.call('StartTransaction', start({ meterStart: 999_999 }));
      expect(first.signalCode).toBe('SIGKILL');
      expect(answered.length).toBeGreaterThanOrEqual(25);
      expect(next.transactionId).toBeGreaterThan(Math.max(...answered));
    } finally {
      second.kill('SIGTERM');
      await new Promise<void>((r) => (second.exitCode !== null ? r() : second.once('exit', () => r())));
    }
  }, 120_000);
});
