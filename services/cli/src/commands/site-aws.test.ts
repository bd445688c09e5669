import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sitePolicyDocument } from '@ampfleet/infra/edge-policy';
import { siteTopic, TopicChannel } from '@ampfleet/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../cli-harness';
import { createCa, createClientCert } from '@ampfleet/adapters/edge-provisioning';

// `ampfleet site provision` against AWS IoT's control plane as the SDK speaks to it: a loopback HTTP
// server plays the service (answers shaped like AWS's, for a thing ARN in account 123456789012) and
// records each request. The requests must equal the recorded ones (fixtures/iot-provision.requests.json;
// AMPFLEET_RECORD=1 rewrites it) and the policy must be infra's template for this org and site.

const FIXTURE = fileURLToPath(new URL('./fixtures/iot-provision.requests.json', import.meta.url));
const SITE_FILE = fileURLToPath(new URL('../../../local/demo-sites/lindenweg-12.json', import.meta.url));
const ACCOUNT = '123456789012';
const CERT_ARN = `arn:aws:iot:eu-central-1:${ACCOUNT}:cert/c0ffee`;

interface Recorded {
  method: string;
  path: string;
  principal?: string;
  body?: unknown;
}
let server: Server;
let endpoint: string;
let dir: string;
let requests: Recorded[] = [];
let certificatePem = '';
let privateKeyPem = '';
let policyExists = false;

function answer(method: string, url: URL): [number, object] {
  const p = url.pathname;
  if (method === 'GET' && p === '/endpoint')
    return [200, { endpointAddress: 'a1b2c3-ats.iot.eu-central-1.amazonaws.com' }];
  const thing = /^\/things\/([^/]+)$/.exec(p);
  if (method === 'POST' && thing)
    return [
      200,
      {
        thingName: thing[1],
        thingArn: `arn:aws:iot:eu-central-1:${ACCOUNT}:thing/${thing[1]}`,
        thingId: 't-1',
      },
    ];
  if (method === 'POST' && p === '/keys-and-certificate')
    return [
      200,
      {
        certificateArn: CERT_ARN,
        certificateId: 'c0ffee',
        certificatePem,
        keyPair: { PublicKey: 'pub', PrivateKey: privateKeyPem },
      },
    ];
  const policy = /^\/policies\/([^/]+)$/.exec(p);
  if (method === 'POST' && policy && policyExists)
    return [
      409,
      { __type: 'ResourceAlreadyExistsException', message: 'Policy cannot be created - name already exists' },
    ];
  if (method === 'POST' && policy)
    return [
      200,
      {
        policyName: policy[1],
        policyArn: `arn:aws:iot:eu-central-1:${ACCOUNT}:policy/${policy[1]}`,
        policyVersionId: '1',
      },
    ];
  if (method === 'POST' && /^\/policies\/[^/]+\/version$/.test(p))
    return [200, { policyVersionId: '2', isDefaultVersion: true }];
  if (method === 'PUT' && /^\/target-policies\//.test(p)) return [200, {}];
  if (method === 'PUT' && /^\/things\/[^/]+\/principals$/.test(p)) return [200, {}];
  return [404, { __type: 'ResourceNotFoundException', message: `no route ${method} ${p}` }];
}

beforeAll(async () => {
  const ca = await createCa('fake AWS IoT CA', new Date());
  ({ certPem: certificatePem, keyPem: privateKeyPem } = await createClientCert(
    ca,
    'lindenweg-12',
    new Date(),
  ));
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const principal = req.headers['x-amzn-principal'];
      requests.push({
        method: req.method ?? '',
        path: `${decodeURIComponent(url.pathname)}${url.search}`,
        ...(typeof principal === 'string' && { principal }),
        ...(body && { body: JSON.parse(body) as unknown }),
      });
      const [status, payload] = answer(req.method ?? '', url);
      res.writeHead(status, {
        'content-type': 'application/json',
        ...(status >= 400 && { 'x-amzn-errortype': (payload as { __type: string }).__type }),
      });
      res.end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-provision-aws-'));
  await writeFile(path.join(dir, 'AmazonRootCA1.pem'), (await createCa('root', new Date())).certPem);
  requests = [];
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDLOOPBACKTEST');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'loopback-only');
  vi.stubEnv('AWS_REGION', 'eu-central-1');
  return async () => {
    vi.unstubAllEnvs();
    await rm(dir, { recursive: true, force: true });
  };
});

const provision = () =>
  runCli(
    [
      'site',
      'provision',
      'lindenweg-12',
      '--site-file',
      SITE_FILE,
      '--org',
      'org-a',
      '--root-ca',
      'AmazonRootCA1.pem',
      '--endpoint',
      endpoint,
      '--out',
      'bundle',
    ],
    dir,
  );

describe('ampfleet site provision (AWS IoT)', () => {
  it('creates thing, site policy and certificate with the recorded requests, and writes the bundle', async () => {
    policyExists = false;
    const r = await provision();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    if (process.env.AMPFLEET_RECORD === '1')
      await writeFile(FIXTURE, `${JSON.stringify(requests, null, 2)}\n`);
    expect(requests).toEqual(JSON.parse(await readFile(FIXTURE, 'utf8')));

    // The policy is infra's template, for this org and site only.
    const created = requests.find((q) => q.path === '/policies/ampfleet-edge-org-a-lindenweg-12');
    const document = JSON.parse((created?.body as { policyDocument: string }).policyDocument) as object;
    expect(document).toEqual(
      sitePolicyDocument({
        partition: 'aws',
        region: 'eu-central-1',
        account: ACCOUNT,
        orgId: 'org-a',
        siteId: 'lindenweg-12',
        thingName: 'lindenweg-12',
      }),
    );
    const resources = JSON.stringify(document);
    expect(resources).toContain(
      `topic/${siteTopic('org-a', 'lindenweg-12', TopicChannel.telemetry).replace(/telemetry$/, '*')}`,
    );
    expect(resources).not.toMatch(/topic\/ampfleet\/v1\/\*|\$\{iot:/);

    const summary = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({
      mode: 'aws',
      thingName: 'lindenweg-12',
      certificateArn: CERT_ARN,
      mqttUrl: 'mqtts://a1b2c3-ats.iot.eu-central-1.amazonaws.com:8883',
    });
    const config = JSON.parse(await readFile(path.join(dir, 'bundle/site-edge.json'), 'utf8')) as {
      mqtt: unknown;
    };
    expect(config.mqtt).toMatchObject({
      url: 'mqtts://a1b2c3-ats.iot.eu-central-1.amazonaws.com:8883',
      clientId: 'lindenweg-12',
    });
    expect(await readFile(path.join(dir, 'bundle/certs/site.crt'), 'utf8')).toBe(certificatePem);
    expect(await readFile(path.join(dir, 'bundle/certs/site.key'), 'utf8')).toBe(privateKeyPem);
  });

  it('provisioning the site again keeps its policy (a new default version) and issues a new certificate', async () => {
    policyExists = true;
    const r = await provision();
    expect(r.code).toBe(0);
    expect(requests.map((q) => `${q.method} ${q.path.split('?')[0]}`)).toContain(
      'POST /policies/ampfleet-edge-org-a-lindenweg-12/version',
    );
  });

  it('an AWS error is one line naming it, and no bundle is written', async () => {
    const r = await runCli(
      [
        'site',
        'provision',
        'lindenweg-12',
        '--site-file',
        SITE_FILE,
        '--org',
        'org-a',
        '--root-ca',
        'AmazonRootCA1.pem',
        '--endpoint',
        `${endpoint}/nowhere`,
        '--out',
        'bundle',
      ],
      dir,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ampfleet site: AWS IoT: ResourceNotFoundException/);
    await expect(readFile(path.join(dir, 'bundle/site-edge.json'))).rejects.toThrow();
  });
});
