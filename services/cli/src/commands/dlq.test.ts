import { openDeadLetterStore, startBroker, type Broker, type DeadLetter } from '@ampfleet/local';
import mqtt, { type MqttClient } from 'mqtt';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness';

// `ampfleet dlq` against the local dead-letter store and a real MQTT broker (aedes on 127.0.0.1).

let broker: Broker;
let watcher: MqttClient;
let dir: string;
const received: { topic: string; payload: unknown }[] = [];

const aDeadLetter = (over: Partial<Omit<DeadLetter, 'id'>> = {}): Omit<DeadLetter, 'id'> => ({
  handlerModule: 'ingest-telemetry',
  topic: 'ampfleet/v1/org-a/site-1/telemetry',
  event: {
    v: 1,
    type: 'heartbeat',
    messageId: 'm-1',
    topic: 'ampfleet/v1/org-a/site-1/telemetry',
    receivedAt: 1,
  },
  attempts: 42,
  firstFailureAt: '2026-12-02T10:00:00.000Z',
  deadLetteredAt: '2026-12-02T10:10:00.000Z',
  lastError: 'telemetry transaction failed',
  ...over,
});

beforeAll(async () => {
  broker = await startBroker(0);
  watcher = await mqtt.connectAsync(broker.url, { clientId: 'dlq-test-watcher' });
  await watcher.subscribeAsync('ampfleet/#', { qos: 1 });
  watcher.on('message', (topic, payload) =>
    received.push({ topic, payload: JSON.parse(payload.toString()) }),
  );
});

afterAll(async () => {
  await watcher?.endAsync();
  await broker?.close();
});

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-dlq-'));
  received.length = 0;
});

describe('ampfleet dlq (local store)', () => {
  it('lists dead letters oldest first, as JSON and as a table', async () => {
    const store = openDeadLetterStore(dir);
    await store.put(aDeadLetter({ deadLetteredAt: '2026-12-02T10:20:00.000Z', lastError: 'second' }));
    await store.put(aDeadLetter({ lastError: 'first' }));
    const json = await runCli(['dlq', 'list', '--dir', dir]);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as DeadLetter[]).map((l) => l.lastError)).toEqual(['first', 'second']);
    const table = await runCli(['dlq', 'list', '--dir', dir, '--format', 'table']);
    expect(table.stdout).toContain('ampfleet/v1/org-a/site-1/telemetry');
    expect(table.stdout).toContain('42');
  });

  it('redrives every dead letter through the broker with its original payload, then deletes it', async () => {
    const store = openDeadLetterStore(dir);
    await store.put(aDeadLetter());
    await store.put(
      aDeadLetter({ topic: 'ampfleet/v1/org-a/site-2/telemetry', event: { messageId: 'm-2' } }),
    );
    const r = await runCli(['dlq', 'redrive', '--dir', dir, '--mqtt-url', broker.url]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ redriven: 2, remaining: 0 });
    await expect.poll(() => received.length).toBe(2);
    expect(received).toEqual(
      expect.arrayContaining([
        {
          topic: 'ampfleet/v1/org-a/site-1/telemetry',
          payload: { v: 1, type: 'heartbeat', messageId: 'm-1' },
        },
        { topic: 'ampfleet/v1/org-a/site-2/telemetry', payload: { messageId: 'm-2' } },
      ]),
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it('redrives one dead letter by id and keeps the others', async () => {
    const store = openDeadLetterStore(dir);
    const keep = await store.put(aDeadLetter());
    const pick = await store.put(aDeadLetter({ event: { messageId: 'm-pick' } }));
    const r = await runCli(['dlq', 'redrive', '--dir', dir, '--mqtt-url', broker.url, '--id', pick.id]);
    expect(JSON.parse(r.stdout)).toEqual({ redriven: 1, remaining: 1 });
    expect((await store.list()).map((l) => l.id)).toEqual([keep.id]);
  });

  it('keeps every dead letter when the broker cannot be reached', async () => {
    const store = openDeadLetterStore(dir);
    await store.put(aDeadLetter());
    const r = await runCli(['dlq', 'redrive', '--dir', dir, '--mqtt-url', 'mqtt://127.0.0.1:1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--mqtt-url: cannot connect');
    expect(await store.list()).toHaveLength(1);
  });

  it('names the bad field of a damaged dead-letter file, and refuses bad usage', async () => {
    await writeFile(
      path.join(dir, '2026-x.json'),
      JSON.stringify({ ...aDeadLetter(), id: 'x', attempts: 'many' }),
    );
    const r = await runCli(['dlq', 'list', '--dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('attempts: expected a number');
    expect(r.stderr).not.toContain('unexpected error');
    expect((await runCli(['dlq', 'purge'])).code).toBe(2);
    expect((await runCli(['dlq', 'redrive', '--dir', dir])).stderr).toContain('--mqtt-url');
    const arn = await runCli(['dlq', 'redrive', '--dlq-arn', 'not-an-arn']);
    expect(arn.code).toBe(2);
    expect(arn.stderr).toContain('--dlq-arn: not an SQS queue ARN');
    expect((await runCli(['dlq', 'list', '--queue-url', 'http://x'])).stderr).toContain('--queue-url');
  });
});
