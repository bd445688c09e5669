import { existsSync } from 'node:fs';
import { buildWeb, freePort, startDynamoDbLocal } from '@ampfleet/local';
import type { TestProject } from 'vitest/node';

// Once per `vitest run` of the integration project: fail early with a clear line if a real part is
// missing, build the console once (the e2e tests start it), and start the run's one DynamoDB Local —
// each integration file makes a table of its own on it (test/support/dynamo.ts), instead of a JVM each.
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(process.env.AMPFLEET_CHROMIUM ?? '/usr/bin/chromium')) {
    throw new Error('Debian chromium is needed for the end-to-end tests: apt-get install -y chromium');
  }
  const [dynamo] = await Promise.all([
    startDynamoDbLocal({ port: await freePort(), heapMb: 1024 }),
    buildWeb({ quiet: true }),
  ]);
  project.provide('sharedDynamoEndpoint', dynamo.endpoint);
  return () => dynamo.child.stop();
}
