import {
  cognitoIdentityProvider,
  createDynamoClients,
  createLogger,
  ensureTable,
  forOrg,
  type Logger,
} from '@ampfleet/adapters';
import { registerSite } from '@ampfleet/app';
import { tableName } from '@ampfleet/domain';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startBroker, type Broker } from './broker';
import { startCognitoLocal } from './cognito-local';
import { ensureDemoIdentities, SECOND_ORG_ID, secondOrgSites, type DemoIdentity } from './demo-identities';
import type { Child } from './children';
import { DEMO_HEARTBEAT_INTERVAL_S, startDemoFleet, type DemoRuntime } from './demo-runtime';
import { DEMO_ORG_ID, demoSites } from './demo-fleet';
import { assertJava, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import { startFleetGenerator } from './fleet-generator';
import { assertPortFree, freePort } from './ports';
import { defaultDeadLetterDir } from './dead-letter-store';
import { startRouter, type Router } from './router';
import { startTableStreamRouter } from './table-stream-router';
import { startScheduler } from './scheduler';
import { buildWeb, startWeb } from './web-server';

// The whole system on one machine, on 127.0.0.1 only: DynamoDB Local, the MQTT broker standing in
// for AWS IoT Core, the rules router calling the Lambda handlers, the Next.js console, and the demo fleet.

export interface LocalStackOptions {
  consolePort: number;
  /** Keep DynamoDB Local's data in this directory across restarts (default: in memory). */
  dataDir?: string;
  dynamoPort?: number;
  mqttPort?: number;
  demo?: boolean;
  /** Lightweight sites (ls-0001…) whose telemetry a generator publishes through the broker (default 0). */
  sites?: number;
  quiet?: boolean;
  log?: Logger;
}

export interface LocalStack {
  consoleUrl: string;
  /** One person per role of the demo organisation, and the second organisation's admin (passwords new per start). */
  demoIdentities: DemoIdentity[];
  /** A partner API key of the demo organisation (scopes read, commands, configuration). */
  demoApiKey: string;
  /** Where the rules router keeps events it could not apply (`npx ampfleet dlq list --dir …`). */
  deadLetterDir: string;
  brokerUrl: string;
  dynamoEndpoint: string;
  tableName: string;
  stop(): Promise<void>;
}

export const LOCAL_STAGE = 'local';
/** Locally the scheduled handlers tick every 5 s (EventBridge: the registry's rate). */
const LOCAL_SCHEDULE_MS = 5_000;
/** The demo site owner's site: the apartment building (use case 1). */
export const OWNER_SITE_ID = 'lindenweg-12';
const REGION = 'eu-central-1';

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const log = options.log ?? createLogger('local');
  await assertJava();
  await assertPortFree(options.consolePort, 'console');
  if (options.dynamoPort) await assertPortFree(options.dynamoPort, 'DynamoDB Local');
  if (options.mqttPort) await assertPortFree(options.mqttPort, 'MQTT broker');

  const stoppers: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const s of stoppers.reverse())
      await s().catch((err: Error) => log.warn('stop failed', { error: err.message }));
  };
  try {
    const quiet = options.quiet ?? false;
    // The console build (when sources changed) and the JVM start overlap.
    const building = buildWeb({ quiet });
    building.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
    const dynamo: DynamoDbLocal = await startDynamoDbLocal({
      port: options.dynamoPort ?? (await freePort()),
      dataDir: options.dataDir,
    });
    stoppers.push(() => dynamo.child.stop());
    await building;
    const table = tableName(LOCAL_STAGE);
    const storeEnv = {
      AMPFLEET_TABLE_NAME: table,
      AWS_REGION: REGION,
      AMPFLEET_DYNAMODB_ENDPOINT: dynamo.endpoint,
    };
    // The handlers (imported by the router in this process) read the same environment as in Lambda.
    Object.assign(process.env, storeEnv);
    const { raw, doc } = createDynamoClients({ region: REGION, endpoint: dynamo.endpoint });
    stoppers.push(async () => raw.destroy());
    log.info(`table ${table}: ${await ensureTable(raw, table)}`);
    // The table stream → audit-drift handler, as the event source mapping runs it in AWS.
    const streamRouter = await startTableStreamRouter({
      dynamo: raw,
      endpoint: dynamo.endpoint,
      region: REGION,
      table,
      log,
    });
    stoppers.push(() => streamRouter.close());
    const demoOrg = { repos: forOrg(DEMO_ORG_ID, { doc, table }) };
    for (const site of demoSites) await registerSite(demoOrg, site);
    const secondOrg = { repos: forOrg(SECOND_ORG_ID, { doc, table }) };
    for (const site of secondOrgSites()) await registerSite(secondOrg, site);

    const broker: Broker = await startBroker(options.mqttPort ?? 0);
    stoppers.push(() => broker.close());
    // Dead letters belong to the table they were meant for: kept beside --data, else private to this run
    // (an in-memory table dies with it), removed once the router has stopped.
    const runDir = options.dataDir ? undefined : await mkdtemp(path.join(os.tmpdir(), 'ampfleet-run-'));
    if (runDir) stoppers.push(() => rm(runDir, { recursive: true, force: true }));
    const deadLetterDir = options.dataDir
      ? defaultDeadLetterDir(options.dataDir)
      : path.join(runDir as string, 'dead-letters');
    // The Cognito stand-in keeps its users beside --data, else in the run's private directory.
    const cognito = await startCognitoLocal({
      dir: options.dataDir ? path.join(options.dataDir, 'cognito') : path.join(runDir as string, 'cognito'),
      region: REGION,
      quiet,
    });
    stoppers.push(() => cognito.child.stop());
    const identities = await ensureDemoIdentities({
      provider: cognitoIdentityProvider(cognito.env),
      demo: demoOrg.repos,
      second: secondOrg.repos,
      ownerSiteId: OWNER_SITE_ID,
      now: new Date(),
    });
    const router: Router = await startRouter(broker.url, log, { deadLetterDir });
    stoppers.push(() => router.close());
    // Scheduled handlers (the rollout runner, load control) publish commands through the local broker.
    process.env.AMPFLEET_MQTT_URL = broker.url;
    // Locally a rollout should move in seconds, not minutes; load control keeps its minute.
    const scheduler = await startScheduler(log, { everyMs: { 'advance-rollouts': LOCAL_SCHEDULE_MS } });
    stoppers.push(() => scheduler.close());

    // The lightweight sites are registered before the console answers, so /api/health counts them all
    // from its first answer; their telemetry then ramps up through the broker.
    if (options.sites) {
      const fleet = await startFleetGenerator({
        brokerUrl: broker.url,
        doc,
        table,
        orgId: DEMO_ORG_ID,
        count: options.sites,
        log,
      });
      stoppers.push(() => fleet.stop());
    }

    const web: Child = await startWeb({
      port: options.consolePort,
      quiet,
      env: {
        ...storeEnv,
        ...cognito.env,
        AMPFLEET_HEARTBEAT_INTERVAL_S: String(DEMO_HEARTBEAT_INTERVAL_S),
        AMPFLEET_MQTT_URL: broker.url,
        // "Provision site box": the local CA of the site boxes' broker certificates, beside --data.
        AMPFLEET_LOCAL_CA_DIR: options.dataDir
          ? path.join(options.dataDir, 'edge-ca')
          : path.join(runDir as string, 'edge-ca'),
      },
    });
    stoppers.push(() => web.stop());

    if (options.demo ?? true) {
      const demo: DemoRuntime = await startDemoFleet({ brokerUrl: broker.url, quiet });
      stoppers.push(() => demo.stop());
    }
    log.info('local stack up', { dynamodb: dynamo.endpoint, mqtt: broker.url });
    return {
      consoleUrl: `http://127.0.0.1:${options.consolePort}`,
      demoIdentities: identities.people,
      demoApiKey: identities.apiKey,
      deadLetterDir,
      brokerUrl: broker.url,
      dynamoEndpoint: dynamo.endpoint,
      tableName: table,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
