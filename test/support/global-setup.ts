import { existsSync } from 'node:fs';
import { buildWeb } from '@ampfleet/local';

// Once per `vitest run` of the integration project: fail early with a clear line if a real part is
// missing, and build the console once (the e2e test starts it).
export default async function setup(): Promise<void> {
  if (!existsSync(process.env.AMPFLEET_CHROMIUM ?? '/usr/bin/chromium')) {
    throw new Error('Debian chromium is needed for the end-to-end tests: apt-get install -y chromium');
  }
  await buildWeb({ quiet: true });
}
