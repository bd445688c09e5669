import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { registerSite, type Logger } from '@ampfleet/adapters';
import { siteTopic, TopicChannel } from '@ampfleet/domain';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import mqtt from 'mqtt';
import { DEFAULT_FLEET_SEED, lightSites, type LightSite } from './fleet-generator-sites';
import { lightTraffic, type SiteMessage } from './fleet-generator-traffic';

// Runs the lightweight sites of `npm start -- --sites N`: registers every site (name, address, tags)
// before it returns — a fleet's sites exist before their boxes call in, so /api/health and the site
// list count them from the start — then publishes their telemetry over ONE MQTT connection, QoS 1, to
// each site's telemetry topic: the same broker → rules → ingest path as a real edge agent, never
// straight into the table. Sites start sending spread over a ramp so the router keeps pace and the
// demo fleet and console are not starved.

export interface FleetGeneratorOptions {
  brokerUrl: string;
  doc: DynamoDBDocumentClient;
  table: string;
  orgId: string;
  count: number;
  seed?: number;
  /** Seconds over which the sites come up (default 60 ms per site, at most 120 s). */
  rampSeconds?: number;
  log: Logger;
}

export interface FleetGenerator {
  readonly sites: readonly LightSite[];
  /** Resolves once every site has sent its boot and statuses (all are registered when start resolves). */
  readonly ramped: Promise<void>;
  /** Messages published so far. */
  published(): number;
  stop(): Promise<void>;
}

/** Registrations written side by side at start (2,000 sites take a few seconds on DynamoDB Local). */
const REGISTER_IN_FLIGHT = 16;

export function defaultRampSeconds(count: number): number {
  return Math.min(120, Math.max(1, Math.ceil(count * 0.06)));
}

export async function startFleetGenerator(options: FleetGeneratorOptions): Promise<FleetGenerator> {
  const sites = lightSites(options.count, options.seed ?? DEFAULT_FLEET_SEED);
  const rampSeconds = options.rampSeconds ?? defaultRampSeconds(sites.length);
  const run = randomUUID().slice(0, 8); // message ids unique across runs (a --data table keeps the markers)
  let sequence = 0;
  const traffic = lightTraffic({ nextMessageId: () => `ls-${run}-${++sequence}`, seed: options.seed });
  let registered = 0;
  const register = async (): Promise<void> => {
    for (let i = registered++; i < sites.length; i = registered++) {
      const site = sites[i]!;
      await registerSite(options.doc, options.table, {
        orgId: options.orgId,
        siteId: site.siteId,
        name: site.name,
        address: site.address,
        tags: site.tags,
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(REGISTER_IN_FLIGHT, sites.length) }, register));
  options.log.info(`lightweight sites: ${sites.length} registered`);
  const client = await mqtt.connectAsync(options.brokerUrl, {
    clientId: `ampfleet-fleet-generator-${run}`,
    clean: true,
  });
  let published = 0;
  const publish = (batch: SiteMessage[]) =>
    Promise.all(
      batch.map(async ({ siteId, message }) => {
        await client.publishAsync(
          siteTopic(options.orgId, siteId, TopicChannel.telemetry),
          JSON.stringify(message),
          { qos: 1 },
        );
        published++;
      }),
    );

  let stopped = false;
  let markRamped: () => void = () => undefined;
  const ramped = new Promise<void>((resolve) => (markRamped = resolve));
  if (sites.length === 0) markRamped();
  const loop = (async () => {
    const began = Date.now();
    let next = 0;
    let lastSecond = -1;
    while (!stopped) {
      // Wall-clock seconds: a slow round (broker or table busy) catches up instead of slowing the ramp.
      const second = Math.floor((Date.now() - began) / 1000);
      const now = new Date().toISOString();
      const due = Math.min(sites.length, Math.ceil(((second + 1) * sites.length) / rampSeconds));
      const starting = sites.slice(next, due);
      const wasRamping = next < sites.length;
      const ticks: SiteMessage[] = [];
      for (let s = lastSecond + 1; s <= second; s++) ticks.push(...traffic.tick(s, now));
      lastSecond = second;
      await publish([...ticks, ...starting.flatMap((s) => traffic.start(s, now))]);
      const before = next;
      next = due;
      const tenth = Math.max(1, Math.floor(sites.length / 10));
      if (Math.floor(before / tenth) !== Math.floor(next / tenth) || (wasRamping && next === sites.length))
        options.log.info(`lightweight sites: ${next}/${sites.length} up`, { published });
      if (wasRamping && next === sites.length) markRamped();
      await sleep(Math.max(0, began + (second + 1) * 1000 - Date.now()));
    }
  })();
  loop.catch((err: Error) => options.log.error('fleet generator stopped', { error: err.message }));

  return {
    sites,
    ramped,
    published: () => published,
    async stop() {
      stopped = true;
      await loop.catch(() => undefined);
      await client.endAsync();
    },
  };
}
