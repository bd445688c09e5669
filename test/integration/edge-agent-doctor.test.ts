import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { hashPassword } from '@ampfleet/edge-agent';
import { createOcppClient, type OcppClient } from '@ampfleet/edge-agent/sim';
import { freePort, startBroker, waitForPort, type Broker } from '@ampfleet/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/wait';

// `ampfleet-edge doctor` as an installer runs it: the CLI process against a real agent process and a
// real broker on 127.0.0.1, reading the agent's status file. The clock line depends on this machine
// (timedatectl / chrony / neither), so it is only checked for its form.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = path.join(ROOT, 'edge-agent/bin/ampfleet-edge.js');
const run = promisify(execFile);

let dir: string;
let broker: Broker;
let agent: ChildProcess;
let configFile: string;
let ocppPort: number;
const clients: OcppClient[] = [];

async function doctor(): Promise<{ code: number; lines: string[] }> {
  const result = await run(process.execPath, [BIN, 'doctor', '--config', configFile], { cwd: dir }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (err: { code: number; stdout: string }) => ({ code: err.code, stdout: err.stdout }),
  );
  return { code: result.code, lines: result.stdout.trim().split('\n') };
}
/** The line of a check, by the start of its name ('charge' finds 'charge point CP-B' and 'charge points'). */
const line = (lines: string[], name: string) =>
  lines.find((l) => l.replace(/^\S+\s+/, '').startsWith(name)) ?? '';
const failures = (lines: string[]) => lines.filter((l) => l.startsWith('FAIL') && !/^FAIL\s+clock:/.test(l));

async function connect(id: string): Promise<void> {
  const cp = createOcppClient({ endpoint: `ws://127.0.0.1:${ocppPort}/ocpp`, identity: id, password: 'pw' });
  await cp.connect();
  await cp.call('BootNotification', { chargePointVendor: 'MENNEKES', chargePointModel: 'AMTRON' });
  clients.push(cp);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-doctor-'));
  broker = await startBroker(0);
  ocppPort = await freePort();
  const passwordHash = await hashPassword('pw');
  configFile = path.join(dir, 'site-edge.json');
  await writeFile(
    configFile,
    JSON.stringify({
      orgId: 'org-doctor',
      siteId: 'site-doctor',
      ocpp: { port: ocppPort, chargePoints: ['CP-A', 'CP-B'].map((id) => ({ id, passwordHash })) },
      mqtt: { url: broker.url, clientId: 'site-doctor' },
      journal: { dir: path.join(dir, 'journal') },
    }),
  );
  agent = spawn(process.execPath, [BIN, '--config', configFile], { cwd: dir, stdio: 'ignore' });
  await waitForPort(ocppPort, 60_000);
}, 90_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close({ force: true })));
  agent?.kill('SIGKILL');
  await broker?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('ampfleet-edge doctor against a running agent', () => {
  it('names the configured charge point that has not connected, since when, and fails', async () => {
    await connect('CP-A');
    await eventually(
      async () => (expect(line((await doctor()).lines, 'charge')).toMatch(/CP-B/), true),
      'CP-A in the status',
    );
    const { code, lines } = await doctor();
    expect(code).toBe(1);
    expect(line(lines, 'clock')).toMatch(/^(ok|skip|FAIL)\s+clock: .+/);
    expect(line(lines, 'disk')).toMatch(/^ok\s+disk: \d+ MB free for the journal/);
    expect(line(lines, 'broker')).toMatch(/^ok\s+broker: 127\.0\.0\.1:\d+ reachable/);
    expect(line(lines, 'certificate')).toMatch(/^skip\s+certificate: no mqtt\.tls/);
    expect(line(lines, 'agent')).toMatch(/^ok\s+agent: running \(pid \d+\)/);
    expect(line(lines, 'uplink')).toMatch(/^ok\s+uplink: connected since /);
    expect(failures(lines)).toEqual([
      expect.stringMatching(
        /^FAIL\s+charge point CP-B: not connected since the agent started \(\d{4}-.+\) → check the ECU's power/,
      ),
    ]);
    expect(lines.at(-1)).toMatch(/check\(s\) failed$/);
  });

  it('passes once every charge point is connected (exit 0 unless the clock line fails)', async () => {
    await connect('CP-B');
    await eventually(
      async () => (expect(failures((await doctor()).lines)).toEqual([]), true),
      'CP-B in the status',
    );
    const { code, lines } = await doctor();
    expect(line(lines, 'charge')).toMatch(/^ok\s+charge points: all 2 configured charge points connected/);
    expect(code).toBe(/^FAIL\s+clock:/.test(line(lines, 'clock')) ? 1 : 0);
  });

  it('reports the broker and the uplink down with what to do, and a charge point that left', async () => {
    await clients.pop()?.close({ force: true });
    await broker.close();
    await eventually(
      async () => (expect(line((await doctor()).lines, 'uplink')).toMatch(/^FAIL/), true),
      'uplink down',
    );
    const { code, lines } = await doctor();
    expect(code).toBe(1);
    expect(line(lines, 'broker')).toMatch(
      /^FAIL\s+broker: 127\.0\.0\.1:\d+ not reachable: .+ → check that the broker runs/,
    );
    expect(line(lines, 'uplink')).toMatch(/^FAIL\s+uplink: disconnected since .+ → /);
    expect(lines).toContainEqual(expect.stringMatching(/^FAIL\s+charge point CP-B: disconnected since /));
  });

  it('says the agent is not running after kill -9', async () => {
    agent.kill('SIGKILL');
    await new Promise((r) => agent.once('exit', r));
    const { code, lines } = await doctor();
    expect(code).toBe(1);
    expect(line(lines, 'agent')).toMatch(/^FAIL\s+agent: not running: pid \d+ is gone .+ → systemctl status/);
  });
});

describe('ampfleet-edge --help', () => {
  it('prints every subcommand and exits 0; <sub> --help prints its own usage', async () => {
    const all = await run(process.execPath, [BIN, '--help']);
    expect(all.stdout).toMatch(/ampfleet-edge \[run\] --config/);
    expect(all.stdout).toMatch(/ampfleet-edge doctor --config/);
    const sub = await run(process.execPath, [BIN, 'doctor', '--help']);
    expect(sub.stdout).toMatch(/^usage: ampfleet-edge doctor --config/);
  });
});
