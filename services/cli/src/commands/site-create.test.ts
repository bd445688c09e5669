import { createServer, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { aSite, anAmtron } from '@ampfleet/domain';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../cli-harness';

// `ampfleet site create`: the request is checked with the domain's schema before anything is sent, so a
// bad file or option names its field and exits non-zero without a round trip. A listening loopback server
// counts what reaches it (the whole path against the console is in test/e2e/onboarding.test.ts).

let dir: string;
let server: Server;
let apiUrl: string;
let received = 0;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-site-create-'));
  server = createServer((req, res) => {
    received += 1;
    res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const create = (...args: string[]) =>
  runCli(['site', 'create', ...args, '--api-url', apiUrl, '--api-key', 'afk_test_key'], dir);

describe('ampfleet site create', () => {
  it('a site file with a bad field: exit 1, the field’s path, nothing sent', async () => {
    const site = aSite({ id: 'bad-file', stations: [anAmtron()] }) as unknown as {
      stations: { ecus: { ratedCurrentA: unknown }[] }[];
    };
    (site.stations[0]?.ecus[0] as { ratedCurrentA: unknown }).ratedCurrentA = 200;
    await writeFile(path.join(dir, 'site.json'), JSON.stringify(site));
    const r = await create('--file', 'site.json');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ampfleet site: site\.json: stations\.0\.ecus\.0\.ratedCurrentA: /);
    expect(received).toBe(0);
  });

  it('a file that is not JSON, or not there: exit 1 naming the file', async () => {
    await writeFile(path.join(dir, 'broken.json'), '{ "id": ');
    expect(await create('--file', 'broken.json')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('broken.json: not valid JSON') as string,
    });
    expect((await create('--file', 'missing.json')).stderr).toContain('missing.json: cannot read: ENOENT');
    expect(received).toBe(0);
  });

  it('template options are named as their flags', async () => {
    const zone = await create(
      '--template',
      'use-case-1',
      '--id',
      'tz',
      '--name',
      'TZ',
      '--time-zone',
      'Mars/Base',
    );
    expect(zone.code).toBe(1);
    expect(zone.stderr).toContain('--time-zone: expected an IANA time zone');
    const option = await create('--template', 'use-case-4', '--option', '3', '--id', 'o', '--name', 'O');
    expect(option.stderr).toContain('--option: must be 1');
    const id = await create('--template', 'use-case-2', '--name', 'No id');
    expect(id.stderr).toContain('--id: ');
    expect(received).toBe(0);
  });

  it('usage errors exit 2: no source, both sources, no API URL or key', async () => {
    expect((await create('--id', 'x')).code).toBe(2);
    expect((await create('--file', 'a.json', '--template', 'use-case-1')).code).toBe(2);
    const noUrl = await runCli(
      ['site', 'create', '--template', 'use-case-1', '--id', 'x', '--name', 'X'],
      dir,
    );
    expect(noUrl).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--api-url: required') as string,
    });
    vi.stubEnv('AMPFLEET_API_KEY', '');
    const noKey = await runCli(
      ['site', 'create', '--template', 'use-case-1', '--id', 'x', '--name', 'X', '--api-url', apiUrl],
      dir,
    );
    vi.unstubAllEnvs();
    expect(noKey.stderr).toContain('--api-key: required');
    expect(received).toBe(0);
  });
});
