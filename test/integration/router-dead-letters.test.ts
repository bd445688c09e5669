import { createDynamoClients, createLogger, ensureTable } from '@ampfleet/adapters';
import { EntityType, siteTopic, TopicChannel } from '@ampfleet/domain';
import {
  freePort,
  startBroker,
  startDynamoDbLocal,
  startRouter,
  type Broker,
  type DynamoDbLocal,
  type Router,
} from '@ampfleet/local';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import mqtt from 'mqtt';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../services/cli/src/cli-harness';
import { aMeterValues } from '../support/builders';
import { TEST_REGION } from '../support/dynamo';
import { eventually } from '../support/wait';

// The end of the redelivery budget: with no store at all, the router parks each event in its
// dead-letter store (durable files) instead of dropping it; `ampfleet dlq redrive` replays them
// through the broker once the store is up, and each is applied exactly once.

const ORG = 'org-dlq';
const TABLE = 'ampfleet-dlq';
let workDir: string;
let dynamoPort: number;
let dynamo: DynamoDbLocal | undefined;
let broker: Broker;
let router: Router;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-dlq-int-'));
  dynamoPort = await freePort();
  // The handlers' store is this port, where nothing listens yet.
  Object.assign(process.env, {
    AMPFLEET_TABLE_NAME: TABLE,
    AWS_REGION: TEST_REGION,
    AMPFLEET_DYNAMODB_ENDPOINT: `http://127.0.0.1:${dynamoPort}`,
  });
  broker = await startBroker(0);
  router = await startRouter(
    broker.url,
    createLogger('router', () => undefined),
    {
      deadLetterDir: path.join(workDir, 'dead-letters'),
      redelivery: { initialDelayMs: 50, maxDelayMs: 200, deadLetterAfterMs: 1_000 },
    },
  );
});

afterAll(async () => {
  await router?.close();
  await broker?.close();
  await dynamo?.child.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('router dead letters', () => {
  it('parks events that outlast the budget, and a redrive applies each exactly once', async () => {
    const publisher = await mqtt.connectAsync(broker.url, { clientId: 'dlq-publisher' });
    const messages = ['site-1', 'site-2', 'site-1'].map((siteId, i) => ({
      siteId,
      message: aMeterValues({ observedAt: new Date(Date.UTC(2026, 11, 2, 10, 0, i)).toISOString() }),
    }));
    for (const { siteId, message } of messages)
      await publisher.publishAsync(siteTopic(ORG, siteId, TopicChannel.telemetry), JSON.stringify(message), {
        qos: 1,
      });
    await publisher.endAsync();

    const letters = await eventually(async () => {
      const list = await router.deadLetters.list();
      return list.length === messages.length && router.pending() === 0 ? list : undefined;
    }, 'every event dead-lettered');
    expect(new Set(letters.map((l) => l.event.messageId))).toEqual(
      new Set(messages.map((m) => m.message.messageId)),
    );
    for (const letter of letters) {
      expect(letter.attempts).toBeGreaterThan(1);
      expect(letter.handlerModule).toBe('ingest-telemetry');
    }
    const listed = await runCli(['dlq', 'list', '--dir', router.deadLetters.dir]);
    expect(JSON.parse(listed.stdout)).toHaveLength(messages.length);

    // The store comes up; redrive twice (the second finds nothing): nothing is applied twice.
    dynamo = await startDynamoDbLocal({ port: dynamoPort });
    const { raw, doc } = createDynamoClients({ region: TEST_REGION, endpoint: dynamo.endpoint });
    await ensureTable(raw, TABLE);
    const redrive = await runCli([
      'dlq',
      'redrive',
      '--dir',
      router.deadLetters.dir,
      '--mqtt-url',
      broker.url,
    ]);
    expect(JSON.parse(redrive.stdout)).toEqual({ redriven: messages.length, remaining: 0 });
    const again = await runCli(['dlq', 'redrive', '--dir', router.deadLetters.dir, '--mqtt-url', broker.url]);
    expect(JSON.parse(again.stdout)).toEqual({ redriven: 0, remaining: 0 });

    const markers = await eventually(async () => {
      const items = (await doc.send(new ScanCommand({ TableName: TABLE }))).Items ?? [];
      const found = items.filter((i) => i.entity === EntityType.message);
      return found.length === messages.length ? found : undefined;
    }, 'every redriven message applied');
    expect(new Set(markers.map((m) => String(m.pk)))).toEqual(
      new Set(messages.map((m) => `MSG#${m.message.messageId}`)),
    );
    await router.idle();
    expect(await router.deadLetters.list()).toEqual([]);
    raw.destroy();
  });
});
