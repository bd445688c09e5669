// The fleet benches' fixture: N lightweight sites registered and their boot + statuses put THROUGH the
// real ingest handler (as the router calls it) into DynamoDB Local — never written straight in.
import { performance } from 'node:perf_hooks';
import { createLogger, registerSite } from '@ampfleet/adapters';
import { ruleEvent, siteTopic, TopicChannel, type TelemetryMessage } from '@ampfleet/domain';
import { ingestTelemetry } from '@ampfleet/functions/ingest-telemetry';
import type { HandlerRuntime } from '@ampfleet/functions/runtime';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  lightSites,
  lightTraffic,
  type LightSite,
  type LightTraffic,
  type SiteMessage,
} from '@ampfleet/local';
import type { TestStore } from '../support/dynamo';

export const BENCH_ORG = 'demo';

/** Runs `tasks` with at most `inFlight` at once, in order of start. */
export async function inParallel<T>(
  items: readonly T[],
  inFlight: number,
  task: (item: T) => Promise<unknown>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await task(item);
      }
    }),
  );
}

export function handlerRuntimeFor(store: { doc: DynamoDBDocumentClient; table: string }): HandlerRuntime {
  return {
    doc: store.doc,
    table: store.table,
    log: createLogger('bench', () => undefined),
    nowMs: () => Date.now(),
  };
}

/** The event the IoT rule (and the local router) hands the ingest Lambda for one message. */
export const eventOf = (orgId: string, { siteId, message }: SiteMessage) =>
  ruleEvent(message, siteTopic(orgId, siteId, TopicChannel.telemetry), Date.now());

export async function ingestThroughHandler(
  rt: HandlerRuntime,
  messages: readonly SiteMessage[],
  inFlight: number,
  /** 'stale' is a correct outcome when a site's messages race each other (newer state kept). */
  accept: readonly string[] = ['applied'],
): Promise<void> {
  await inParallel(messages, inFlight, async (m) => {
    const result = await ingestTelemetry(eventOf(BENCH_ORG, m), rt);
    if (!accept.includes(result.status))
      throw new Error(`ingest of ${m.message.type} ${m.message.messageId}: ${JSON.stringify(result)}`);
  });
}

export interface SeededFleet {
  sites: LightSite[];
  traffic: LightTraffic;
  chargePoints: number;
  /** Boot + status messages put through the handler, and how long that took (ms). */
  seedMessages: number;
  seedMs: number;
}

export async function seedFleet(store: TestStore, count: number, inFlight = 8): Promise<SeededFleet> {
  const sites = lightSites(count);
  let id = 0;
  const traffic = lightTraffic({ nextMessageId: () => `bench-${String(++id).padStart(8, '0')}` });
  const rt = handlerRuntimeFor({ doc: store.clients.doc, table: store.table });
  await inParallel(sites, inFlight, (site) =>
    registerSite(store.clients.doc, store.table, {
      orgId: BENCH_ORG,
      siteId: site.siteId,
      name: site.name,
      address: site.address,
      tags: site.tags,
    }),
  );
  const at = new Date().toISOString();
  const messages = sites.flatMap((site) => traffic.start(site, at));
  const started = performance.now();
  const step = Math.max(1, Math.floor(messages.length / 10));
  for (let i = 0; i < messages.length; i += step) {
    await ingestThroughHandler(rt, messages.slice(i, i + step), inFlight);
    process.stderr.write(
      `fleet: seeded ${Math.min(i + step, messages.length)}/${messages.length} messages\n`,
    );
  }
  return {
    sites,
    traffic,
    chargePoints: sites.reduce((n, s) => n + s.chargePoints.length, 0),
    seedMessages: messages.length,
    seedMs: performance.now() - started,
  };
}

export type { TelemetryMessage };
