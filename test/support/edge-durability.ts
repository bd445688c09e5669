// Fixtures for the edge durability tests: a cuttable uplink (TCP proxy), OCPP meter streams that
// record which calls were acknowledged, an MQTT observer of every published message, and the
// ingest's message-id markers in DynamoDB.
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { channelFilter, TopicChannel, type TelemetryMessage } from '@ampfleet/domain';
import { createOcppClient, meterValuesRequest, type OcppClient } from '@ampfleet/edge-agent/sim';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import mqtt from 'mqtt';
import type { TestStore } from './dynamo';

/** A loopback TCP proxy in front of the broker: `cut()` drops the link and refuses new connections. */
export interface UplinkProxy {
  readonly url: string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startUplinkProxy(brokerPort: number): Promise<UplinkProxy> {
  let open = true;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((inbound) => {
    if (!open) return void inbound.destroy();
    const outbound = net.connect(brokerPort, '127.0.0.1');
    const end = () => {
      for (const s of [inbound, outbound]) {
        s.destroy();
        sockets.delete(s);
      }
    };
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on('error', end);
      s.on('close', end);
    }
    inbound.pipe(outbound);
    outbound.pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const cut = () => {
    open = false;
    for (const s of sockets) s.destroy();
  };
  return {
    url: `mqtt://127.0.0.1:${port}`,
    cut,
    restore: () => void (open = true),
    close: () => {
      cut();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** One charge point sending MeterValues with energy 1, 2, 3 … Wh; `acked` holds those that got a CALLRESULT. */
export interface MeterStream {
  readonly chargePointId: string;
  readonly acked: number[];
  stop(): Promise<void>;
}

async function connectWithRetry(client: OcppClient, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await client.connect();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(250);
    }
  }
}

export async function startMeterStream(o: {
  endpoint: string;
  chargePointId: string;
  password: string;
  intervalMs: number;
}): Promise<MeterStream> {
  const client = createOcppClient({
    endpoint: o.endpoint,
    identity: o.chargePointId,
    password: o.password,
    callTimeoutMs: 10_000,
    backoff: { initialDelayMs: 200, maxDelayMs: 1_000 },
  });
  await connectWithRetry(client, 60_000);
  const acked: number[] = [];
  let running = true;
  const loop = (async () => {
    for (let energyWh = 1; running; energyWh++) {
      const request = meterValuesRequest({
        at: new Date(),
        importA: { L1: 10, L2: 10, L3: 10 },
        offeredA: { L1: 16, L2: 16, L3: 16 },
        powerW: 6900,
        energyWh,
      });
      if (o.intervalMs > 0) await sleep(o.intervalMs);
      try {
        await client.call('MeterValues', request);
        acked.push(energyWh);
      } catch {
        await sleep(50); // not acknowledged (agent gone or uplink of the ECU down): the ECU moves on
      }
    }
  })();
  return {
    chargePointId: o.chargePointId,
    acked,
    async stop() {
      running = false;
      await loop;
      await client.close({ force: true });
    },
  };
}

/** Every telemetry message the broker delivered, in arrival order (a QoS 1 subscriber, like the IoT rule). */
export interface TelemetryObserver {
  readonly delivered: TelemetryMessage[];
  /** Raw payloads that were not JSON (probes). */
  readonly probes: string[];
  close(): Promise<void>;
}

export async function observeTelemetry(brokerUrl: string): Promise<TelemetryObserver> {
  const client = await mqtt.connectAsync(brokerUrl, {
    clientId: 'durability-observer',
    clean: false,
    reconnectPeriod: 200,
  });
  const delivered: TelemetryMessage[] = [];
  const probes: string[] = [];
  client.on('message', (_topic, payload) => {
    const text = payload.toString('utf8');
    try {
      delivered.push(JSON.parse(text) as TelemetryMessage);
    } catch {
      probes.push(text);
    }
  });
  await client.subscribeAsync(channelFilter(TopicChannel.telemetry), { qos: 1 });
  return { delivered, probes, close: () => client.endAsync() };
}

/** Message ids the ingest applied for a site: its MSG# dedup markers (paginated scan). */
export async function appliedMessageIds(store: TestStore, siteId: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await store.clients.doc.send(
      new ScanCommand({
        TableName: store.table,
        FilterExpression: '#entity = :msg AND #site = :site',
        ExpressionAttributeNames: { '#entity': 'entity', '#site': 'siteId' },
        ExpressionAttributeValues: { ':msg': 'MSG', ':site': siteId },
        ...(start && { ExclusiveStartKey: start }),
      }),
    );
    for (const item of page.Items ?? []) ids.add(String(item.pk).slice('MSG#'.length));
    start = page.LastEvaluatedKey;
  } while (start);
  return ids;
}
