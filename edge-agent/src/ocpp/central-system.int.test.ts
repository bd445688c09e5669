import { createLogger } from '@ampfleet/runtime/log';
import type { TelemetryMessage } from '@ampfleet/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { parseEdgeConfig } from '../config';
import { startCentralSystem, type CentralSystem } from './central-system';
import { hashPassword } from './password';

// The OCPP-J 1.6 endpoint over a real WebSocket on loopback, driven frame by frame.
let cs: CentralSystem;
const received: TelemetryMessage[] = [];
const PASSWORD = 'correct horse';

beforeAll(async () => {
  const config = parseEdgeConfig({
    orgId: 'org-a',
    siteId: 'site-1',
    ocpp: {
      port: 0,
      heartbeatIntervalS: 120,
      chargePoints: [{ id: 'CP-1', passwordHash: await hashPassword(PASSWORD) }],
    },
    mqtt: { url: 'mqtt://127.0.0.1:1' },
  });
  cs = await startCentralSystem(
    config,
    (m) => received.push(m),
    createLogger('test', () => undefined),
  );
});
afterAll(() => cs.close());

function open(identity = 'CP-1', password: string | null = PASSWORD): Promise<WebSocket> {
  const auth =
    password === null
      ? {}
      : { Authorization: `Basic ${Buffer.from(`${identity}:${password}`).toString('base64')}` };
  const ws = new WebSocket(`ws://127.0.0.1:${cs.port}/ocpp/${identity}`, ['ocpp1.6'], { headers: auth });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function nextFrame(ws: WebSocket): Promise<unknown[]> {
  return new Promise((resolve) =>
    ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()) as unknown[])),
  );
}

async function exchange(ws: WebSocket, frame: string): Promise<unknown[]> {
  const reply = nextFrame(ws);
  ws.send(frame);
  return reply;
}

describe('OCPP-J 1.6 central-system endpoint', () => {
  it('refuses unknown charge points and wrong or missing passwords (security profile 1)', async () => {
    await expect(open('CP-UNKNOWN')).rejects.toThrow('HTTP 404');
    await expect(open('CP-1', 'wrong')).rejects.toThrow('HTTP 401');
    await expect(open('CP-1', null)).rejects.toThrow('HTTP 401');
  });

  it('accepts a boot with the configured heartbeat interval and forwards it', async () => {
    const ws = await open();
    const reply = await exchange(
      ws,
      JSON.stringify([
        2,
        'b1',
        'BootNotification',
        { chargePointVendor: 'MENNEKES', chargePointModel: 'AMTRON' },
      ]),
    );
    expect(reply).toMatchObject([3, 'b1', { status: 'Accepted', interval: 120 }]);
    expect(received.at(-1)).toMatchObject({ type: 'boot', chargePointId: 'CP-1', vendor: 'MENNEKES' });
    ws.close();
  });

  it('answers bad frames with the right CALLERROR, forwards nothing and keeps serving', async () => {
    const ws = await open();
    const count = received.length;
    const cases: [string, string][] = [
      // Error codes as corrected by the OCPP 1.6J errata v1.0 §5 (OccurrenceConstraintViolation, FormationViolation).
      [JSON.stringify([2, 'c1', 'BootNotification', {}]), 'OccurrenceConstraintViolation'],
      [
        JSON.stringify([2, 'c2', 'BootNotification', { chargePointVendor: 7, chargePointModel: 'x' }]),
        'TypeConstraintViolation',
      ],
      [JSON.stringify([2, 'c3', 'FlyToTheMoon', {}]), 'NotImplemented'],
      [
        JSON.stringify([
          2,
          'c4',
          'MeterValues',
          {
            connectorId: 1,
            meterValue: [
              {
                timestamp: '2026-11-24T10:00:00Z',
                sampledValue: [{ value: 'abc', measurand: 'Current.Import', phase: 'L1' }],
              },
            ],
          },
        ]),
        'PropertyConstraintViolation',
      ],
    ];
    for (const [frame, code] of cases) {
      const reply = await exchange(ws, frame);
      expect(reply[0]).toBe(4);
      expect(reply[2]).toBe(code);
    }
    // Not even an RPC frame: answered with a CALLERROR too (message id unknown).
    const garbage = await exchange(ws, '{not json');
    expect(garbage[0]).toBe(4);
    expect(received.length).toBe(count);
    const alive = await exchange(ws, JSON.stringify([2, 'h1', 'Heartbeat', {}]));
    expect(alive).toMatchObject([3, 'h1', { currentTime: expect.any(String) as string }]);
    ws.close();
  });

  it('names the bad field of meter values it cannot read', async () => {
    const ws = await open();
    const reply = await exchange(
      ws,
      JSON.stringify([
        2,
        'm1',
        'MeterValues',
        {
          connectorId: 1,
          meterValue: [
            {
              timestamp: '2026-11-24T10:00:00Z',
              sampledValue: [{ value: '-4', measurand: 'Current.Import', phase: 'L2' }],
            },
          ],
        },
      ]),
    );
    expect(reply[2]).toBe('PropertyConstraintViolation');
    expect(String(reply[3])).toContain('meterValue.0.sampledValue.0.value');
    ws.close();
  });

  it('forwards per-phase meter values and replaces a 1970 timestamp with the receive time', async () => {
    const ws = await open();
    const reply = await exchange(
      ws,
      JSON.stringify([
        2,
        'm2',
        'MeterValues',
        {
          connectorId: 1,
          meterValue: [
            {
              timestamp: '1970-01-01T00:00:12Z',
              sampledValue: [
                { value: '15.5', measurand: 'Current.Import', phase: 'L2', unit: 'A' },
                { value: '16', measurand: 'Current.Offered', unit: 'A' },
                { value: '3.6', measurand: 'Power.Active.Import', unit: 'kW' },
              ],
            },
          ],
        },
      ]),
    );
    expect(reply).toEqual([3, 'm2', {}]);
    const m = received.at(-1);
    expect(m).toMatchObject({
      type: 'meterValues',
      currentImport: { l1: 0, l2: 15.5, l3: 0 },
      currentOffered: { l1: 16, l2: 16, l3: 16 },
      activePowerW: 3600,
    });
    expect(Date.parse(m?.observedAt ?? '')).toBeGreaterThan(Date.parse('2026-01-01'));
    ws.close();
  });

  it('answers or closes per spec on 1,000 malformed or oversized frames, and keeps serving', async () => {
    const count = received.length;
    const bad = (i: number): string =>
      [
        '{not json',
        JSON.stringify([2, `b${i}`, 'BootNotification', {}]),
        JSON.stringify([2, `b${i}`, 'NoSuchAction', {}]),
        JSON.stringify([9, `b${i}`]),
        JSON.stringify([
          2,
          `b${i}`,
          'StatusNotification',
          { connectorId: 'one', status: 'Available', errorCode: 'NoError' },
        ]),
        JSON.stringify([2, `b${i}`, 'Heartbeat', { pad: 'x'.repeat(300 * 1024) }]),
      ][i % 6] ?? '';
    let answered = 0;
    let closed = 0;
    let ws = await open();
    for (let i = 0; i < 1000; i++) {
      const socket = ws;
      const outcome = await new Promise<'answered' | 'closed'>((resolve) => {
        const onMessage = () => (socket.off('close', onClose), resolve('answered'));
        const onClose = () => (socket.off('message', onMessage), resolve('closed'));
        socket.once('message', onMessage);
        socket.once('close', onClose);
        socket.send(bad(i));
      });
      if (outcome === 'answered') answered++;
      else {
        closed++;
        ws = await open(); // a real ECU reconnects; the agent must let it
      }
    }
    expect(answered + closed).toBe(1000);
    expect(closed).toBeGreaterThan(0); // the oversized frames (1009) at least
    expect(received.length).toBe(count);
    const alive = await exchange(ws, JSON.stringify([2, 'after', 'Heartbeat', {}]));
    expect(alive[0]).toBe(3);
    ws.close();
  });

  it('lets a second connection for the same identity replace the first', async () => {
    const first = await open();
    const closed = new Promise<number>((resolve) => first.once('close', (code) => resolve(code)));
    const second = await open();
    expect(await closed).toBe(4000);
    const reply = await exchange(second, JSON.stringify([2, 'h2', 'Heartbeat', {}]));
    expect(reply[0]).toBe(3);
    expect(cs.connectedChargePoints()).toEqual(['CP-1']);
    second.close();
  });
});
