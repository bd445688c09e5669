import { spawn } from 'node:child_process';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// `npm start`'s failure modes: one clear line saying what to do, a non-zero exit, nothing left running.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = path.join(ROOT, 'services/local/src/main.ts');

function runStart(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('npm start', () => {
  it('says which port is busy and how to pick another', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as net.AddressInfo).port;
    const { code, stderr } = await runStart(['--port', String(port)]);
    blocker.close();
    expect(code).toBe(1);
    const lines = stderr.split('\n').filter((l) => l.startsWith('ampfleet:'));
    expect(lines).toEqual([
      `ampfleet: port ${port} (console) is in use: stop what uses it, or start on another port with npm start -- --port <free port>`,
    ]);
  });

  it('says how to install Java when it is missing', async () => {
    // A PATH with node and nothing else (java usually sits beside node in /usr/bin).
    const bin = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-nojava-'));
    await symlink(process.execPath, path.join(bin, 'node'));
    const { code, stderr } = await runStart([], { ...process.env, PATH: bin });
    await rm(bin, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(stderr).toContain('ampfleet: Java 17+ is needed for DynamoDB Local and was not found: install it');
  });

  it('refuses a port that is not a number', async () => {
    const { code, stderr } = await runStart(['--port', 'eighty']);
    expect(code).toBe(2);
    expect(stderr).toContain('--port must be a port number');
  });
});
