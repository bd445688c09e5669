import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOcppClient } from '../../../sim/ocpp-client';
import { hashPassword } from '../password';
import { Upstream, UPSTREAM_PASSWORD } from './backend.fixture';

// kill -9 of the agent (a real `ampfleet-edge` process) while the upstream is down and an ECU is
// streaming: every call the ECU got an answer for reaches the upstream after the restart, in order.

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
const ECU_PASSWORD = 'ecu-pw';
const PASSWORD_ENV = 'AMPFLEET_TEST_UPSTREAM_PASSWORD';

let tmp: string;
let upstream: Upstream;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-proxy-kill-'));
  upstream = new Upstream();
  await upstream.start();
  await upstream.stop(); // down from the start; its port is kept for the restart
});
afterAll(async () => {
  await upstream?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const stampOf = (i: number): string => new Date(Date.UTC(2026, 10, 24, 8, 0, i)).toISOString();

describe('OCPP proxy mode under kill -9', () => {
  it('loses no acknowledged call queued for a down upstream', async () => {
    const ocppPort = await freePort();
    const configFile = path.join(tmp, 'edge.json');
    await writeFile(
      configFile,
      JSON.stringify({
        orgId: 'org-a',
        siteId: 'site-kill',
        ocpp: {
          port: ocppPort,
          chargePoints: [{ id: 'CP-K1', passwordHash: await hashPassword(ECU_PASSWORD) }],
          upstream: {
            url: upstream.url,
            chargePoints: [{ id: 'CP-K1', passwordEnv: PASSWORD_ENV }],
            backoff: { initialDelayMs: 50, maxDelayMs: 250 },
          },
        },
        mqtt: { url: 'mqtt://127.0.0.1:1' },
        journal: { dir: path.join(tmp, 'journal') },
      }),
    );
    const output: string[] = [];
    const startAgent = (): ChildProcess => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.join(ROOT, 'edge-agent/src/main.ts'), '--config', configFile],
        {
          cwd: ROOT,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, [PASSWORD_ENV]: UPSTREAM_PASSWORD },
        },
      );
      child.stdout?.on('data', (b: Buffer) => output.push(b.toString()));
      child.stderr?.on('data', (b: Buffer) => output.push(b.toString()));
      return child;
    };
    const exited = (child: ChildProcess) =>
      new Promise<void>((resolve) =>
        child.exitCode !== null || child.signalCode !== null
          ? resolve()
          : child.once('exit', () => resolve()),
      );

    const first = startAgent();
    const ecu = createOcppClient({
      endpoint: `ws://127.0.0.1:${ocppPort}/ocpp`,
      identity: 'CP-K1',
      password: ECU_PASSWORD,
      backoff: { initialDelayMs: 50, maxDelayMs: 250 },
    });
    const acked: string[] = [];
    let second: ChildProcess | undefined;
    try {
      for (let i = 0; ; i++) {
        try {
          await ecu.connect();
          break;
        } catch {
          if (i > 600) throw new Error('agent never listened');
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      // The ECU streams status notifications, each with its own timestamp, until the agent dies.
      let killed = false;
      const stream = (async () => {
        for (let i = 0; !killed; i++) {
          const timestamp = stampOf(i);
          try {
            await ecu.call('StatusNotification', {
              connectorId: 1,
              status: i % 2 ? 'Charging' : 'Preparing',
              errorCode: 'NoError',
              timestamp,
            });
            acked.push(timestamp);
          } catch {
            return;
          }
        }
      })();
      while (acked.length < 50) await new Promise((r) => setTimeout(r, 20));
      first.kill('SIGKILL');
      killed = true;
      await exited(first);
      await stream;
      await ecu.close({ force: true });
      expect(first.signalCode).toBe('SIGKILL');

      second = startAgent();
      await upstream.start(); // same port: the restarted agent delivers its backlog
      const last = acked.at(-1) ?? '';
      await upstream.calls.waitFor((c) => c.params.timestamp === last, {
        what: 'the last acknowledged call upstream',
        timeoutMs: 90_000,
      });
      const delivered = upstream.calls.events
        .filter((c) => c.method === 'StatusNotification')
        .map((c) => c.params.timestamp as string);
      // At-least-once: a call may arrive twice, never be missing or out of order.
      const firstSeen = [...new Set(delivered)];
      process.stderr.write(
        `proxy kill -9: ${acked.length} calls acknowledged before the kill, ${delivered.length} delivered upstream after the restart (${delivered.length - firstSeen.length} twice)\n`,
      );
      expect(firstSeen.filter((t) => acked.includes(t))).toEqual(acked);
      expect([...firstSeen].sort()).toEqual(firstSeen);
    } catch (err) {
      process.stderr.write(output.join('').slice(-4_000));
      throw err;
    } finally {
      first.kill('SIGKILL');
      second?.kill('SIGTERM');
      if (second) await exited(second);
    }
  }, 240_000);
});
