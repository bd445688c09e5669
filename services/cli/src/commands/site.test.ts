import { X509Certificate } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEdgeConfig } from '@ampfleet/edge-agent';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { verifyPassword } from '../../../../edge-agent/src/ocpp/password';
import { runCli } from '../cli-harness';

// `ampfleet site provision` for the local broker: the bundle from a demo site's configuration.

const SITE_FILE = fileURLToPath(new URL('../../../local/demo-sites/lindenweg-12.json', import.meta.url));
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-provision-'));
  // No AWS in the environment: provisioning is local unless told otherwise.
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_PROFILE', 'AWS_REGION', 'AMPFLEET_DYNAMODB_ENDPOINT'])
    vi.stubEnv(name, '');
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

const provision = (...extra: string[]) =>
  runCli(['site', 'provision', 'lindenweg-12', '--site-file', SITE_FILE, '--org', 'org-a', ...extra], dir);

describe('ampfleet site provision --local', () => {
  it('writes the bundle: config from the site, certificates from the local CA, passwords, unit', async () => {
    const r = await provision('--local', '--mqtt-url', 'mqtts://192.168.0.10:8883', '--out', 'bundle');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = path.join(dir, 'bundle');
    expect((await readdir(out)).sort()).toEqual(
      ['ampfleet-edge.service', 'certs', 'charge-point-passwords.json', 'site-edge.json'].sort(),
    );
    const config = parseEdgeConfig(JSON.parse(await readFile(path.join(out, 'site-edge.json'), 'utf8')));
    const site = JSON.parse(await readFile(SITE_FILE, 'utf8')) as {
      stations: { ecus: { chargePointId: string }[] }[];
    };
    const ids = site.stations.flatMap((s) => s.ecus.map((e) => e.chargePointId));
    expect(config).toMatchObject({
      orgId: 'org-a',
      siteId: 'lindenweg-12',
      ocpp: { host: '0.0.0.0', port: 9000 },
    });
    expect(config.ocpp.chargePoints.map((cp) => cp.id)).toEqual(ids);
    expect(config.mqtt).toEqual({
      url: 'mqtts://192.168.0.10:8883',
      clientId: 'lindenweg-12',
      tls: {
        certFile: '/etc/ampfleet/certs/site.crt',
        keyFile: '/etc/ampfleet/certs/site.key',
        caFile: '/etc/ampfleet/certs/ca.crt',
      },
    });
    expect(config.journal?.dir).toBe('/var/lib/ampfleet/journal');
    // Each charge point's password matches the hash the agent checks it against.
    const passwords = JSON.parse(
      await readFile(path.join(out, 'charge-point-passwords.json'), 'utf8'),
    ) as Record<string, string>;
    for (const cp of config.ocpp.chargePoints)
      expect(await verifyPassword(Buffer.from(passwords[cp.id] ?? ''), cp.passwordHash)).toBe(true);
    expect((await stat(path.join(out, 'certs/site.key'))).mode & 0o077).toBe(0);
    // The client certificate names the site and is signed by the local CA shipped beside it.
    const cert = new X509Certificate(await readFile(path.join(out, 'certs/site.crt')));
    const ca = new X509Certificate(await readFile(path.join(out, 'certs/ca.crt')));
    expect(cert.subject).toBe('CN=lindenweg-12');
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(await readFile(path.join(out, 'ampfleet-edge.service'), 'utf8')).toMatch(
      /ExecStart=.* --config \/etc\/ampfleet\/site-edge\.json/,
    );
  });

  it('without AWS configured it is local; plain mqtt:// gets no tls in the config; the CA is reused', async () => {
    expect((await provision('--mqtt-url', 'mqtt://127.0.0.1:1883', '--out', 'a')).code).toBe(0);
    expect((await provision('--mqtt-url', 'mqtt://127.0.0.1:1883', '--out', 'b')).code).toBe(0);
    const config = JSON.parse(await readFile(path.join(dir, 'a/site-edge.json'), 'utf8')) as { mqtt: object };
    expect(config.mqtt).toEqual({ url: 'mqtt://127.0.0.1:1883', clientId: 'lindenweg-12' });
    expect(await readFile(path.join(dir, 'a/certs/ca.crt'), 'utf8')).toBe(
      await readFile(path.join(dir, 'b/certs/ca.crt'), 'utf8'),
    );
  });

  it('names the bad field or flag, and writes nothing', async () => {
    const bad = JSON.parse(await readFile(SITE_FILE, 'utf8')) as {
      stations: { ecus: { ratedCurrentA: unknown }[] }[];
    };
    bad.stations[0]!.ecus[0]!.ratedCurrentA = 'lots';
    await writeFile(path.join(dir, 'bad.json'), JSON.stringify(bad));
    const cases: [string[], number, RegExp][] = [
      [
        [
          'site',
          'provision',
          'lindenweg-12',
          '--site-file',
          'bad.json',
          '--local',
          '--mqtt-url',
          'mqtt://h:1',
        ],
        1,
        /bad\.json: invalid input: stations\.0\.ecus\.0\.ratedCurrentA/,
      ],
      [
        ['site', 'provision', 'lindenweg-12', '--local', '--mqtt-url', 'mqtt://h:1'],
        2,
        /--site-file or --dynamodb-endpoint: required/,
      ],
      [
        ['site', 'provision', 'other-site', '--site-file', SITE_FILE, '--local', '--mqtt-url', 'mqtt://h:1'],
        1,
        /id: 'lindenweg-12' is not the site being provisioned/,
      ],
      [
        [
          'site',
          'provision',
          'lindenweg-12',
          '--site-file',
          SITE_FILE,
          '--org',
          'org-a',
          '--ocpp-port',
          '70000',
          '--local',
          '--mqtt-url',
          'mqtt://h:1',
        ],
        2,
        /--ocpp-port: /,
      ],
      [
        ['site', 'provision', 'lindenweg-12', '--site-file', SITE_FILE, '--org', 'org-a', '--local'],
        2,
        /--mqtt-url: required with --local/,
      ],
      [
        [
          'site',
          'provision',
          'lindenweg-12',
          '--site-file',
          SITE_FILE,
          '--local',
          '--mqtt-url',
          'mqtt://h:1',
        ],
        2,
        /--org: required/,
      ],
      [
        [
          'site',
          'provision',
          'lindenweg-12',
          '--site-file',
          SITE_FILE,
          '--org',
          'org-a',
          '--mqtt-url',
          'http://h',
        ],
        2,
        /--mqtt-url: mqtt:\/\/host:port/,
      ],
    ];
    for (const [argv, code, message] of cases) {
      const r = await runCli(argv, dir);
      expect({ argv, code: r.code, named: message.test(r.stderr), stderr: r.stderr }).toMatchObject({
        argv,
        code,
        named: true,
      });
    }
    expect((await readdir(dir)).filter((f) => f.startsWith('edge-bundle'))).toEqual([]);
    // An existing bundle is never overwritten.
    expect((await provision('--local', '--mqtt-url', 'mqtt://h:1', '--out', 'x')).code).toBe(0);
    const again = await provision('--local', '--mqtt-url', 'mqtt://h:1', '--out', 'x');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/--out: .*x exists/);
  });

  it('--help lists every flag and exits 0', async () => {
    const r = await runCli(['site', '--help'], dir);
    expect(r.code).toBe(0);
    for (const flag of [
      '--site-file',
      '--org',
      '--out',
      '--local',
      '--mqtt-url',
      '--region',
      '--root-ca',
      '--endpoint',
    ])
      expect(r.stdout).toContain(flag);
  });
});
