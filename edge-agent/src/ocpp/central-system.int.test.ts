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
      // Error codes as OCPP-J 1.6 spells them: the errata v1.0 §5.1 keeps 'OccurenceConstraintViolation'.
      [JSON.stringify([2, 'c1', 'BootNotification', {}]), 'OccurenceConstraintViolation'],
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
    // Not even an RPC frame: 1.6 has no UniqueId to answer it with (§4.2.3), so nothing comes back and the
    // next frame received is the Heartbeat's result.
    const alive = nextFrame(ws);
    ws.send('{not json');
    ws.send(JSON.stringify([2, 'h1', 'Heartbeat', {}]));
    expect(await alive).toMatchObject([3, 'h1', { currentTime: expect.any(String) as string }]);
    expect(received.slice(count).map((m) => m.type)).toEqual(['heartbeat']); // the Heartbeat's, nothing else
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

  it('answers, ignores or closes per spec on 1,000 malformed or oversized frames, and keeps serving', async () => {
    const count = received.length;
    // Each frame with the outcome OCPP-J 1.6 prescribes: a CALL with a readable UniqueId is answered; no
    // UniqueId (§4.2.3) or an unknown MessageTypeId (§4.1.3) gets no reply; an oversized frame closes (1009).
    const bad = (i: number): readonly [string, 'answered' | 'ignored' | 'closed'] =>
      (
        [
          ['{not json', 'ignored'],
          [JSON.stringify([2, `b${i}`, 'BootNotification', {}]), 'answered'],
          [JSON.stringify([2, `b${i}`, 'NoSuchAction', {}]), 'answered'],
          [JSON.stringify([9, `b${i}`]), 'ignored'],
          [
            JSON.stringify([
              2,
              `b${i}`,
              'StatusNotification',
              { connectorId: 'one', status: 'Available', errorCode: 'NoError' },
            ]),
            'answered',
          ],
          [JSON.stringify([2, `b${i}`, 'Heartbeat', { pad: 'x'.repeat(300 * 1024) }]), 'closed'],
        ] as const
      )[i % 6] ?? ['', 'ignored'];
    const outcomes = { answered: 0, ignored: 0, closed: 0 };
    let ws = await open();
    for (let i = 0; i < 1000; i++) {
      const socket = ws;
      const [frame, expected] = bad(i);
      const outcome = await new Promise<'answered' | 'ignored' | 'closed'>((resolve) => {
        const onMessage = (data: Buffer) => {
          socket.off('close', onClose);
          const reply = JSON.parse(data.toString()) as unknown[];
          // A reply to the probe Heartbeat means the bad frame itself got none.
          resolve(reply[1] === `probe${i}` ? 'ignored' : 'answered');
        };
        const onClose = () => (socket.off('message', onMessage), resolve('closed'));
        socket.once('message', onMessage);
        socket.once('close', onClose);
        socket.send(frame);
        if (expected === 'ignored') socket.send(JSON.stringify([2, `probe${i}`, 'Heartbeat', {}]));
      });
      expect(outcome).toBe(expected);
      outcomes[outcome]++;
      if (outcome === 'closed') ws = await open(); // a real ECU reconnects; the agent must let it
    }
    expect(outcomes.answered + outcomes.ignored + outcomes.closed).toBe(1000);
    expect(outcomes.closed).toBeGreaterThan(0); // the oversized frames (1009) at least
    // Only the probe Heartbeats were forwarded: one per ignored frame, nothing from a bad frame.
    expect(received.length).toBe(count + outcomes.ignored);
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
