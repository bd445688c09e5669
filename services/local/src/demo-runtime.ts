import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { edgeConfigOf, type Site } from '@ampfleet/domain';
import { EdgeConfig, hashPassword } from '@ampfleet/edge-agent';
import { startChild, type Child } from './children';
import { DEMO_ORG_ID, demoChargePointIds, demoIdTags, demoSites } from './demo-fleet';
import { freePort } from './ports';

// Runs the demo fleet: per site one edge agent (its own process, as on a real site box) and one
// process with the site's simulated ECUs and Modbus meter. Passwords are generated per run; the edge
// agents get only their scrypt hashes. Everything lives in a private temp dir removed on stop.

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const EDGE_MAIN = fileURLToPath(new URL('../../../edge-agent/src/main.ts', import.meta.url));
const SIMS_MAIN = fileURLToPath(new URL('./demo-sims.ts', import.meta.url));

export const DEMO_HEARTBEAT_INTERVAL_S = 60;

export interface DemoSimsConfig {
  site: Site;
  ocppEndpoint: string;
  passwords: Record<string, string>;
  meterPort: number;
  seed: number;
  /** Cards the EVs present (the edge agent's local list). */
  idTags: string[];
}

export interface DemoRuntime {
  stop(): Promise<void>;
}

function tsxChild(name: string, file: string, args: string[], quiet: boolean): Child {
  return startChild(name, process.execPath, ['--import', 'tsx', file, ...args], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    cwd: REPO_ROOT, // `--import tsx` resolves from here
    quiet,
  });
}

export async function startDemoFleet(options: {
  brokerUrl: string;
  quiet: boolean;
  seed?: number;
}): Promise<DemoRuntime> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-demo-'));
  await chmod(dir, 0o700);
  const children: Child[] = [];
  const stop = async () => {
    await Promise.all(children.map((c) => c.stop()));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (const [index, site] of demoSites.entries()) {
      const chargePointIds = demoChargePointIds(site);
      const passwords = Object.fromEntries(
        chargePointIds.map((id) => [id, randomBytes(12).toString('base64url')]),
      );
      const ocppPort = await freePort();
      const meterPort = await freePort();
      const passwordHashes = Object.fromEntries(
        await Promise.all(
          chargePointIds.map(async (id) => [id, await hashPassword(passwords[id] ?? '')] as const),
        ),
      );
      // Everything else follows from the site configuration (services/domain/src/site/projections).
      const edge: EdgeConfig = EdgeConfig.parse(
        edgeConfigOf(site, {
          orgId: DEMO_ORG_ID,
          ocpp: {
            host: '127.0.0.1',
            port: ocppPort,
            path: '/ocpp',
            heartbeatIntervalS: DEMO_HEARTBEAT_INTERVAL_S,
          },
          passwordHashes,
          mqtt: { url: options.brokerUrl },
          // Each demo run starts with an empty journal, beside the run's other private files.
          journalDir: path.join(dir, `${site.id}.journal`),
          authorization: {
            localList: demoIdTags(site.id).map((idTag) => ({ idTag, status: 'Accepted' as const })),
            unknownIdTag: 'Invalid',
          },
          meterEndpoint: () => ({ host: '127.0.0.1', port: meterPort }),
          meterPollMs: 2_000,
          meterTimeoutMs: 1_000,
        }),
      );
      const edgeFile = path.join(dir, `${site.id}.edge.json`);
      await writeFile(edgeFile, JSON.stringify(edge, null, 2), { mode: 0o600 });
      children.push(tsxChild(`edge ${site.id}`, EDGE_MAIN, ['--config', edgeFile], options.quiet));

      const sims: DemoSimsConfig = {
        site,
        ocppEndpoint: `ws://127.0.0.1:${ocppPort}/ocpp`,
        passwords,
        meterPort,
        idTags: demoIdTags(site.id),
        seed: (options.seed ?? 20_261_124) + index,
      };
      const simsFile = path.join(dir, `${site.id}.sims.json`);
      await writeFile(simsFile, JSON.stringify(sims, null, 2), { mode: 0o600 });
      children.push(tsxChild(`sims ${site.id}`, SIMS_MAIN, [simsFile], options.quiet));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { stop };
}
