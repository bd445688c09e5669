import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { fc } from '@fast-check/vitest';
import {
  OCPP16_CONTEXTS,
  OCPP16_FORMATS,
  OCPP16_LOCATIONS,
  OCPP16_MEASURANDS,
  OCPP16_PHASES,
  OCPP16_UNITS,
} from '@ampfleet/domain';
import { createLogger } from '@ampfleet/runtime/log';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startEdgeAgent, type EdgeAgent } from '../agent';
import { parseEdgeConfig } from '../config';
import { startCentralSystem } from './central-system';
import { OCPP16_ERROR_CODES } from './ocpp16-errors';
import { hashPassword } from './password';

// OCPP-J 1.6 conformance of the agent's central system, over real WebSockets on loopback: every CALLERROR
// case with the frame sent and the exact reply, the frames 1.6 does not answer, the subprotocol rule
// (§3.1.2), and every MeterValues/StopTransaction the 1.6 schemas (errata applied) allow.

const PASSWORD = 'correct horse';
const log = createLogger('test', () => undefined);
let tmp: string;
let agent: EdgeAgent;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-ocpp16-'));
  agent = await startEdgeAgent(
    parseEdgeConfig({
      orgId: 'org-a',
      siteId: 'site-ocpp16',
      ocpp: { port: 0, chargePoints: [{ id: 'CP-1', passwordHash: await hashPassword(PASSWORD) }] },
      mqtt: { url: 'mqtt://127.0.0.1:1' },
      journal: { dir: path.join(tmp, 'journal') },
    }),
    log,
  );
});
afterAll(async () => {
  await agent?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

function open(port: number, protocols: string[] = ['ocpp1.6']): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ocpp/CP-1`, protocols, {
    headers: { Authorization: `Basic ${Buffer.from(`CP-1:${PASSWORD}`).toString('base64')}` },
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

const nextFrame = (ws: WebSocket): Promise<unknown[]> =>
  new Promise((resolve) =>
    ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()) as unknown[])),
  );

async function exchange(ws: WebSocket, frame: string): Promise<unknown[]> {
  const reply = nextFrame(ws);
  ws.send(frame);
  return reply;
}

/** Sends a frame 1.6 must not answer, then a Heartbeat: the next frame back is the Heartbeat's result. */
async function unanswered(ws: WebSocket, frame: string, probeId: string): Promise<unknown[]> {
  const reply = nextFrame(ws);
  ws.send(frame);
  ws.send(JSON.stringify([2, probeId, 'Heartbeat', {}]));
  return reply;
}

const call = (id: string, action: string, payload: unknown) => JSON.stringify([2, id, action, payload]);
const sample = (sampledValue: object[]) => ({
  connectorId: 1,
  meterValue: [{ timestamp: '2026-11-24T10:00:00Z', sampledValue }],
});

/** Every CALLERROR the agent sends a charge point: the frame, and the exact reply (§4.2.3). */
const CALLERRORS: { case: string; frame: string; reply: unknown[] }[] = [
  {
    case: 'missing required field (errata §5.1 spelling)',
    frame: call('e1', 'BootNotification', { chargePointModel: 'AMTRON' }),
    reply: [
      4,
      'e1',
      'OccurenceConstraintViolation',
      "chargePointVendor: must have required property 'chargePointVendor'",
      { field: 'chargePointVendor', keyword: 'required' },
    ],
  },
  {
    case: 'wrong type',
    frame: call('e2', 'BootNotification', { chargePointVendor: 7, chargePointModel: 'AMTRON' }),
    reply: [
      4,
      'e2',
      'TypeConstraintViolation',
      'chargePointVendor: must be string',
      { field: 'chargePointVendor', keyword: 'type' },
    ],
  },
  {
    case: 'string longer than its CiString',
    frame: call('e3', 'BootNotification', { chargePointVendor: 'M'.repeat(21), chargePointModel: 'AMTRON' }),
    reply: [
      4,
      'e3',
      'PropertyConstraintViolation',
      'chargePointVendor: must NOT have more than 20 characters',
      { field: 'chargePointVendor', keyword: 'maxLength' },
    ],
  },
  {
    case: 'value outside its enumeration',
    frame: call('e4', 'StatusNotification', { connectorId: 1, status: 'Sleeping', errorCode: 'NoError' }),
    reply: [
      4,
      'e4',
      'PropertyConstraintViolation',
      'status: must be equal to one of the allowed values',
      { field: 'status', keyword: 'enum' },
    ],
  },
  {
    case: 'field the PDU does not have',
    frame: call('e5', 'Heartbeat', { pad: 1 }),
    reply: [
      4,
      'e5',
      'FormationViolation',
      'pad: must NOT have additional properties',
      { field: 'pad', keyword: 'additionalProperties' },
    ],
  },
  {
    case: 'unknown action',
    frame: call('e6', 'FlyToTheMoon', {}),
    reply: [4, 'e6', 'NotImplemented', "Unable to handle 'FlyToTheMoon' calls", {}],
  },
  {
    case: 'CALL with 3 elements',
    frame: JSON.stringify([2, 'e7', 'Heartbeat']),
    reply: [
      4,
      'e7',
      'FormationViolation',
      'a CALL has 4 elements: [2, UniqueId, Action, Payload] (§4.2.1)',
      {},
    ],
  },
  {
    case: 'Action not a string',
    frame: JSON.stringify([2, 'e8', 42, {}]),
    reply: [4, 'e8', 'FormationViolation', 'Action: must be a non-empty string (§4.2.1)', {}],
  },
  {
    case: 'payload not an object',
    frame: JSON.stringify([2, 'e9', 'Heartbeat', [1]]),
    reply: [4, 'e9', 'FormationViolation', 'Payload: must be a JSON object (§4.2.1)', {}],
  },
  {
    case: 'UniqueId longer than 36 characters',
    frame: call('u'.repeat(37), 'Heartbeat', {}),
    reply: [4, 'u'.repeat(37), 'FormationViolation', 'UniqueId: longer than 36 characters (§4.1.4)', {}],
  },
  {
    case: 'meter value that is not a decimal number',
    frame: call('e10', 'MeterValues', sample([{ value: 'abc', measurand: 'Current.Import', phase: 'L1' }])),
    reply: [
      4,
      'e10',
      'PropertyConstraintViolation',
      'meterValue.0.sampledValue.0.value: not a non-negative number: "abc"',
      {},
    ],
  },
  {
    case: 'meter values for connector 0',
    frame: call('e11', 'MeterValues', { ...sample([{ value: '1' }]), connectorId: 0 }),
    reply: [4, 'e11', 'PropertyConstraintViolation', 'connectorId: must be ≥ 1', {}],
  },
];

/** Frames OCPP-J 1.6 gives no reply to: no UniqueId to answer (Table 6), or an unknown type (§4.1.3). */
const UNANSWERED: { case: string; frame: string }[] = [
  { case: 'not JSON', frame: '{not json' },
  { case: 'JSON, not an array', frame: '{"a":1}' },
  { case: 'MessageTypeId not a number', frame: '["2","n1","Heartbeat",{}]' },
  { case: 'UniqueId not a string', frame: '[2,17,"Heartbeat",{}]' },
  { case: 'unknown MessageTypeId (§4.1.3)', frame: '[9,"n2","Heartbeat",{}]' },
  { case: 'CALLRESULT for no pending CALL', frame: '[3,"n3",{}]' },
  { case: 'CALLERROR for no pending CALL', frame: '[4,"n4","GenericError","",{}]' },
];

describe('OCPP-J 1.6 conformance of the central system', () => {
  it.each(CALLERRORS)('CALLERROR: $case', async ({ frame, reply }) => {
    const ws = await open(agent.ocpp.port);
    expect(await exchange(ws, frame)).toEqual(reply);
    expect(OCPP16_ERROR_CODES).toContain(reply[2]);
    ws.close();
  });

  it.each(UNANSWERED)('no reply: $case', async ({ frame }) => {
    const ws = await open(agent.ocpp.port);
    expect(await unanswered(ws, frame, 'probe')).toMatchObject([
      3,
      'probe',
      { currentTime: expect.any(String) as string },
    ]);
    ws.close();
  });

  it('accepts a null payload (§4.2.1: null or {})', async () => {
    const ws = await open(agent.ocpp.port);
    expect(await exchange(ws, JSON.stringify([2, 'np', 'Heartbeat', null]))).toMatchObject([3, 'np', {}]);
    ws.close();
  });

  it('answers a second CALL with an id still being handled with a GenericError, then the first normally', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const cs = await startCentralSystem(
      parseEdgeConfig({
        orgId: 'org-a',
        siteId: 'site-slow',
        ocpp: { port: 0, chargePoints: [{ id: 'CP-1', passwordHash: await hashPassword(PASSWORD) }] },
        mqtt: { url: 'mqtt://127.0.0.1:1' },
      }),
      () => gate,
      log,
    );
    try {
      const ws = await open(cs.port);
      ws.send(call('dup', 'Heartbeat', {}));
      expect(await exchange(ws, call('dup', 'Heartbeat', {}))).toEqual([
        4,
        'dup',
        'GenericError',
        'Already processing a call with message ID: dup',
        {},
      ]);
      const first = nextFrame(ws);
      release();
      expect(await first).toMatchObject([3, 'dup', { currentTime: expect.any(String) as string }]);
      ws.close();
    } finally {
      await cs.close();
    }
  });
});

/** A WebSocket upgrade by hand: the ws client refuses a handshake without the subprotocol it offered. */
function rawUpgrade(
  port: number,
  protocols: string[],
): Promise<{ headers: IncomingHttpHeaders; socket: Duplex; head: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: '127.0.0.1',
      port,
      path: '/ocpp/CP-1',
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        Authorization: `Basic ${Buffer.from(`CP-1:${PASSWORD}`).toString('base64')}`,
        ...(protocols.length > 0 && { 'Sec-WebSocket-Protocol': protocols.join(', ') }),
      },
    });
    request.once('upgrade', (response: IncomingMessage, socket: Duplex, head: Buffer) =>
      resolve({ headers: response.headers, socket, head }),
    );
    request.once('response', (response: IncomingMessage) => reject(new Error(`HTTP ${response.statusCode}`)));
    request.once('error', reject);
    request.end();
  });
}

/** A client→server text frame (RFC 6455 §5.2: masked). */
function maskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  return Buffer.concat([
    Buffer.from([0x81, 0x80 | payload.length]),
    mask,
    payload.map((b, i) => b ^ (mask[i % 4] ?? 0)),
  ]);
}

/** Server→client frames until the server's close frame: [opcode, payload]; `head` came with the 101. */
function framesUntilClose(socket: Duplex, head: Buffer): Promise<[number, Buffer][]> {
  let buffered = Buffer.alloc(0);
  return new Promise((resolve) => {
    const read = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const frames: [number, Buffer][] = [];
      for (let at = 0; at + 2 <= buffered.length;) {
        const length = (buffered[at + 1] ?? 0) & 0x7f; // the frames here are all short (< 126 bytes)
        frames.push([(buffered[at] ?? 0) & 0x0f, buffered.subarray(at + 2, at + 2 + length)]);
        at += 2 + length;
      }
      if (frames.some(([opcode]) => opcode === 0x8)) {
        socket.destroy();
        resolve(frames);
      }
    };
    socket.on('data', read);
    read(head);
  });
}

describe('OCPP-J 1.6 §3.1.2 subprotocol', () => {
  it.each([[['ocpp2.0.1']], [['ocpp2.0.1', 'ocpp2.1']], [[]]])(
    'offered %j: handshake without Sec-WebSocket-Protocol, closed at once (1002), never answers, never displaces the live connection',
    async (offered) => {
      const live = await open(agent.ocpp.port);
      let liveClosed = false;
      live.once('close', () => (liveClosed = true));
      const { headers, socket, head } = await rawUpgrade(agent.ocpp.port, offered);
      expect(headers['sec-websocket-protocol']).toBeUndefined();
      socket.on('error', () => undefined); // the server may drop it before the client's frame is written
      socket.write(maskedTextFrame(call('x1', 'Heartbeat', {})));
      const received = await framesUntilClose(socket, head);
      expect(received.filter(([opcode]) => opcode === 0x1)).toEqual([]); // no text frame: nothing answered
      const close = received.find(([opcode]) => opcode === 0x8);
      expect(close?.[1].readUInt16BE(0)).toBe(1002);
      // The live ocpp1.6 connection is untouched: still open, still answered, still the one registered.
      expect(await exchange(live, call('l1', 'Heartbeat', {}))).toMatchObject([3, 'l1', {}]);
      expect(liveClosed).toBe(false);
      expect(agent.ocpp.connectedChargePoints()).toEqual(['CP-1']);
      live.close();
    },
  );
});

// Every value the OCPP 1.6 MeterValues and StopTransaction schemas allow (the domain's list, errata applied).
const aSampledValue = fc.record(
  {
    value: fc.double({ min: 0, max: 1e6, noNaN: true }).map(String),
    measurand: fc.constantFrom(...OCPP16_MEASURANDS),
    phase: fc.constantFrom(...OCPP16_PHASES),
    unit: fc.constantFrom(...OCPP16_UNITS),
    location: fc.constantFrom(...OCPP16_LOCATIONS),
    context: fc.constantFrom(...OCPP16_CONTEXTS),
    format: fc.constantFrom(...OCPP16_FORMATS),
  },
  { requiredKeys: ['value'] },
);
const aMeterValue = fc.record({
  timestamp: fc
    .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  sampledValue: fc.array(aSampledValue, { minLength: 1, maxLength: 6 }),
});

describe('every schema-valid frame is accepted', () => {
  it('MeterValues with any measurand, phase, unit, location, context and format', async () => {
    const ws = await open(agent.ocpp.port);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(aMeterValue, { minLength: 1, maxLength: 3 }), async (meterValue) => {
        const id = `mv${n++}`;
        expect(await exchange(ws, call(id, 'MeterValues', { connectorId: 1, meterValue }))).toEqual([
          3,
          id,
          {},
        ]);
      }),
      { numRuns: 60 },
    );
    ws.close();
  });

  it('StopTransaction with any transactionData', async () => {
    const ws = await open(agent.ocpp.port);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(aMeterValue, { maxLength: 3 }), async (transactionData) => {
        const id = `st${n++}`;
        const reply = await exchange(
          ws,
          call(id, 'StopTransaction', {
            transactionId: 1000 + n,
            meterStop: 5000,
            timestamp: '2026-11-24T10:00:00Z',
            transactionData,
          }),
        );
        expect(reply.slice(0, 2)).toEqual([3, id]);
      }),
      { numRuns: 30 },
    );
    ws.close();
  });
});
