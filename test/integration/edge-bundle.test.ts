import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { channelFilter, TelemetryMessage, TopicChannel } from '@ampfleet/domain';
import { hashPassword } from '@ampfleet/edge-agent';
import { bundleEdgeAgent, siteBoxEnv } from '@ampfleet/edge-agent/bundle';
import { createOcppClient } from '@ampfleet/edge-agent/sim';
import { freePort, startBroker, type Broker } from '@ampfleet/local';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/wait';

// The agent as it ships to a site box: the esbuild bundle (`npm run build:edge`) run by plain node with
// the systemd unit's environment, and the `ampfleet-edge` launcher in front of it.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LAUNCHER = path.join(ROOT, 'edge-agent/bin/ampfleet-edge.js');

let broker: Broker;
let tmp: string;

beforeAll(async () => {
  broker = await startBroker(await freePort());
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-bundle-'));
});
afterAll(async () => {
  await broker?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('edge agent bundle', () => {
  it('runs from the bundle under the unit environment: an ECU boot reaches the broker, SIGTERM exits 0', async () => {
    const bundle = bundleEdgeAgent();
    const port = await freePort();
    const configFile = path.join(tmp, 'site.edge.json');
    await writeFile(
      configFile,
      JSON.stringify({
        orgId: 'org-bundle',
        siteId: 'site-bundle',
        ocpp: { port, chargePoints: [{ id: 'CP-B1', passwordHash: await hashPassword('pw-bundle') }] },
        mqtt: { url: broker.url, clientId: 'edge-bundle' },
      }),
    );
    const seen: TelemetryMessage[] = [];
    const sub = await mqtt.connectAsync(broker.url, { clientId: 'bundle-observer' });
    await sub.subscribeAsync(channelFilter(TopicChannel.telemetry), { qos: 1 });
    sub.on('message', (_t, payload) => seen.push(TelemetryMessage.parse(JSON.parse(payload.toString()))));
    const agent = spawn(process.execPath, [bundle, '--config', configFile], {
      cwd: tmp,
      env: { ...process.env, ...siteBoxEnv() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    agent.stdout.on('data', (b: Buffer) => output.push(b.toString()));
    agent.stderr.on('data', (b: Buffer) => output.push(b.toString()));
    const exit = new Promise<number | null>((resolve) => agent.once('exit', (code) => resolve(code)));
    try {
      await eventually(
        async () => (output.join('').includes('ocpp endpoint listening') ? true : undefined),
        'the bundled agent to listen',
      );
      const cp = createOcppClient({
        endpoint: `ws://127.0.0.1:${port}/ocpp`,
        identity: 'CP-B1',
        password: 'pw-bundle',
      });
      await cp.connect();
      const reply = (await cp.call('BootNotification', {
        chargePointVendor: 'MENNEKES',
        chargePointModel: 'AMTRON 4You',
        firmwareVersion: '5.22.3-4.61',
      })) as { status: string };
      expect(reply.status).toBe('Accepted');
      const boot = await eventually(
        async () => seen.find((m) => m.type === 'boot' && m.chargePointId === 'CP-B1'),
        'the boot message at the broker',
      );
      expect(boot).toMatchObject({ model: 'AMTRON 4You', firmwareVersion: '5.22.3-4.61' });

      await cp.close({ force: true });
    } finally {
      agent.kill('SIGTERM');
      await sub.endAsync();
    }
    expect(await exit).toBe(0);
  }, 60_000);

  it('carries no AWS SDK: the agent needs only @ampfleet/runtime, not the cloud adapters', async () => {
    const bundleFile = bundleEdgeAgent();
    const bundle = await readFile(bundleFile, 'utf8');
    const sourceMap = JSON.parse(await readFile(`${bundleFile}.map`, 'utf8')) as { sources: string[] };
    expect(bundle).not.toContain('@aws-sdk');
    expect(sourceMap.sources.filter((source) => /@aws-sdk|services\/adapters\//.test(source))).toEqual([]);
    expect(sourceMap.sources.some((source) => source.includes('services/runtime/src/log.ts'))).toBe(true);
  }, 60_000);

  it('the launcher names the bad field of a config file and exits non-zero', async () => {
    const configFile = path.join(tmp, 'bad.edge.json');
    await writeFile(
      configFile,
      JSON.stringify({ orgId: 'org-bundle', siteId: 'site-bundle', ocpp: { port: 'x' }, mqtt: { url: 'x' } }),
    );
    const child = spawn(process.execPath, [LAUNCHER, '--config', configFile], { cwd: tmp });
    const stderr: string[] = [];
    child.stderr.on('data', (b: Buffer) => stderr.push(b.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr.join('')).toMatch(/ocpp\.port/);
    expect(stderr.join('')).toMatch(/mqtt\.url/);
  }, 60_000);
});
