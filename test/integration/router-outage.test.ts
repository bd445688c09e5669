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
import mqtt, { type MqttClient } from 'mqtt';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aMeterValues } from '../support/builders';
import { TEST_REGION } from '../support/dynamo';
import { eventually } from '../support/wait';

// Nothing the broker acknowledged is lost on the cloud side: a telemetry stream runs through the real
// broker → router → ingest handler while DynamoDB Local is killed for 30 s and started again on the
// same data; afterwards every message is applied exactly once, in order per site, none dead-lettered.

const ORG = 'org-outage';
const SITES = ['site-a', 'site-b', 'site-c'];
const TABLE = 'ampfleet-outage';
const OUTAGE_MS = 30_000;
// DynamoDB Local on disk (-dbPath, needed to survive the kill) applies ~15–30 transactions/s here.
const PUBLISH_EVERY_MS = 100;

let workDir: string;
let port: number;
let dynamo: DynamoDbLocal;
let broker: Broker;
let router: Router;
let publisher: MqttClient;
const outcomes = new Map<string, string[]>();
const published: { messageId: string; siteId: string; l1: number }[] = [];

const startStore = () => startDynamoDbLocal({ port, dataDir: path.join(workDir, 'dynamodb') });

async function scanAll(): Promise<Record<string, unknown>[]> {
  const { doc, raw } = createDynamoClients({ region: TEST_REGION, endpoint: dynamo.endpoint });
  const items: Record<string, unknown>[] = [];
  try {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(new ScanCommand({ TableName: TABLE, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
  } finally {
    raw.destroy();
  }
  return items;
}

/** Publishes meter values round-robin over the sites until `until` resolves; currents count up per site. */
async function publishUntil(until: Promise<unknown>): Promise<void> {
  let done = false;
  void until.then(() => (done = true));
  while (!done) {
    const n = published.length;
    const siteId = SITES[n % SITES.length]!;
    const l1 = 6 + (Math.floor(n / SITES.length) % 26);
    const message = aMeterValues({
      chargePointId: 'CP-1',
      observedAt: new Date(Date.UTC(2026, 10, 24, 10) + n * 1000).toISOString(),
      currentImport: { l1, l2: 0, l3: 0 },
    });
    await publisher.publishAsync(siteTopic(ORG, siteId, TopicChannel.telemetry), JSON.stringify(message), {
      qos: 1,
    });
    published.push({ messageId: message.messageId, siteId, l1 });
    await new Promise((r) => setTimeout(r, PUBLISH_EVERY_MS));
  }
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-outage-'));
  port = await freePort();
  await mkdir(path.join(workDir, 'dynamodb'));
  dynamo = await startStore();
  const { raw } = createDynamoClients({ region: TEST_REGION, endpoint: dynamo.endpoint });
  await ensureTable(raw, TABLE);
  raw.destroy();
  Object.assign(process.env, {
    AMPFLEET_TABLE_NAME: TABLE,
    AWS_REGION: TEST_REGION,
    AMPFLEET_DYNAMODB_ENDPOINT: dynamo.endpoint,
  });
  broker = await startBroker(0);
  router = await startRouter(
    broker.url,
    createLogger('router', () => undefined),
    {
      deadLetterDir: path.join(workDir, 'dead-letters'),
      onHandled: (_module, event, result) => {
        const id = String(event.messageId);
        outcomes.set(id, [...(outcomes.get(id) ?? []), (result as { status: string }).status]);
      },
    },
  );
  publisher = await mqtt.connectAsync(broker.url, { clientId: 'outage-publisher' });
});

afterAll(async () => {
  await publisher?.endAsync();
  await router?.close();
  await broker?.close();
  await dynamo?.child.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('router during a 30 s store outage', () => {
  it('applies every acknowledged message exactly once after the store returns', async () => {
    let maxPending = 0;
    const sampler = setInterval(() => (maxPending = Math.max(maxPending, router.pending())), 100);
    let restartedAt = 0;
    const outage = (async () => {
      await new Promise((r) => setTimeout(r, 3_000));
      dynamo.child.process.kill('SIGKILL');
      await dynamo.child.exited;
      const before = published.length;
      await new Promise((r) => setTimeout(r, OUTAGE_MS));
      expect(published.length - before, 'messages published during the outage').toBeGreaterThan(50);
      dynamo = await startStore();
      restartedAt = Date.now();
      await new Promise((r) => setTimeout(r, 3_000));
    })();
    await publishUntil(outage);
    await outage;

    const markers = await eventually(
      async () => {
        const items = (await scanAll()).filter((i) => i.entity === EntityType.message);
        return items.length >= published.length ? items : undefined;
      },
      `${published.length} message markers`,
      240_000,
    );
    await router.idle();
    clearInterval(sampler);
    const drainedMs = Date.now() - restartedAt;

    // Nothing lost: every published message has its marker, none is parked as a dead letter.
    expect(new Set(markers.map((m) => String(m.pk)))).toEqual(
      new Set(published.map((p) => `MSG#${p.messageId}`)),
    );
    expect(await router.deadLetters.list()).toEqual([]);
    expect(router.pending()).toBe(0);
    // Nothing applied twice: one 'applied' per message; a retry of a commit whose reply was lost
    // may only come back as 'duplicate'.
    for (const { messageId } of published) {
      const statuses = outcomes.get(messageId) ?? [];
      expect(
        statuses.filter((s) => s === 'applied'),
        messageId,
      ).toHaveLength(1);
      expect(
        statuses.filter((s) => s !== 'applied' && s !== 'duplicate'),
        messageId,
      ).toEqual([]);
    }
    // In order per site: each connector holds its site's last published current.
    const items = await scanAll();
    for (const siteId of SITES) {
      const last = published.filter((p) => p.siteId === siteId).at(-1)!;
      const connector = items.find((i) => i.entity === EntityType.connector && i.siteId === siteId);
      expect(connector?.currentImport, siteId).toMatchObject({ l1: last.l1 });
    }
    const duplicates = [...outcomes.values()].flat().filter((s) => s === 'duplicate').length;
    console.info(
      `outage figures: ${published.length} messages, ${maxPending} pending at most, ` +
        `${duplicates} duplicate deliveries, drained ${drainedMs} ms after the store restarted`,
    );
  }, 400_000);
});
