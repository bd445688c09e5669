import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildClientPackage, type ClientBuild } from '@ampfleet/client/build';
import {
  DEMO_ORG_ID,
  demoChargePointIds,
  demoSites,
  freePort,
  startLocalStack,
  type LocalStack,
} from '@ampfleet/local';
import { applyTelemetry, createDynamoClients, forOrg } from '@ampfleet/adapters';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { procedureCatalog } from '../../web/server/api-catalog';
import { curlMutation, curlQuery, curlRest } from '../../web/server/api-examples';
import { launchBrowser, signIn } from '../support/browser';
import { aStatus } from '../support/builders';
import { createPartnerProject, MISTAKES, packInstalled, TSC, typeCheck } from '../support/partner-project';

// @ampfleet/client as a partner gets it: built and packed (`npm pack`), installed from the tarball into
// a project outside the repo, type-checked by tsc, and run with plain node against a real console on
// loopback (DynamoDB Local, the demo sites registered).

const run = promisify(execFile);
let tmp: string;
let partner: string;
let build: ClientBuild;
let stack: LocalStack;

/**
 * The partner's API key, sent as `Authorization: Bearer <key>`. Undefined until API keys exist (issue #11
 * point 5): then the demo partner key that `npm start` creates goes here, and the script runs with it.
 */
/** The demo organisation's partner key, as `npm start` prints it. */
const partnerApiKey = (running: LocalStack): string | undefined => running.demoApiKey;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-partner-'));
  partner = path.join(tmp, 'partner');
  const starting = startLocalStack({ consolePort: await freePort(), quiet: true, demo: false });
  starting.catch(() => undefined); // awaited below
  build = buildClientPackage(tmp);
  const trpc = await Promise.all(['@trpc/client', '@trpc/server'].map((p) => packInstalled(p, tmp)));
  await createPartnerProject(partner, [build.tarball, ...trpc]);
  stack = await starting;
});

afterAll(async () => {
  await stack?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('@ampfleet/client, installed from its tarball by a partner project', () => {
  it('installs with the types bundled: one .d.ts importing only @trpc/*', async () => {
    const installed = path.join(partner, 'node_modules/@ampfleet/client');
    const manifest = JSON.parse(await readFile(path.join(installed, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(manifest.dependencies).toEqual({ '@trpc/client': '11.22.1', '@trpc/server': '11.22.1' });
    const dts = await readFile(path.join(installed, 'index.d.ts'), 'utf8');
    const imports = [...dts.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(new Set(imports)).toEqual(new Set(['@trpc/client', '@trpc/server']));
    // Every procedure of the console's router, with its input and output resolved.
    for (const name of ['overview', 'list', 'get', 'send']) expect(dts).toContain(`${name}: TRPC`);
    expect(dts).not.toMatch(/OrgRepositories|Principal/);
    process.stdout.write(`@ampfleet/client sizes (bytes): ${JSON.stringify(build.sizes)}\n`);
  });

  it("type-checks the partner's script against the installed package", async () => {
    const result = await typeCheck(path.join(partner, 'tsconfig.json'));
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });

  it('fails type-checking for a wrong procedure, a wrong input or output field, a mutation as a query', async () => {
    const result = await typeCheck(path.join(partner, 'mistakes', 'tsconfig.json'));
    expect(result.ok).toBe(false);
    for (const [file, mistake] of Object.entries(MISTAKES)) {
      const errors = result.output.split('\n').filter((line) => line.includes(`mistakes/${file}(`));
      expect(errors, `${file}: ${result.output}`).toHaveLength(1);
      expect(errors[0]).toContain(`error ${mistake.code}`);
    }
  });

  it('lists the sites of a running console from the compiled script (plain node, ESM)', async () => {
    await run(process.execPath, [TSC, '-p', path.join(partner, 'tsconfig.json')]);
    const apiKey = partnerApiKey(stack);
    const { stdout } = await run(process.execPath, [path.join(partner, 'out', 'list-sites.js')], {
      cwd: partner,
      env: { ...process.env, AMPFLEET_URL: stack.consoleUrl, ...(apiKey && { AMPFLEET_API_KEY: apiKey }) },
    });
    const listed = JSON.parse(stdout) as { siteIds: string[]; total: number; sites: number };
    expect(new Set(listed.siteIds)).toEqual(new Set(demoSites.map((s) => s.id)));
    expect(listed).toMatchObject({ total: demoSites.length, sites: demoSites.length });
  });

  it('gets 401 once its key is revoked, and 429 past the key’s rate', async () => {
    const { doc } = createDynamoClients({ region: 'eu-central-1', endpoint: stack.dynamoEndpoint });
    const repos = forOrg(DEMO_ORG_ID, { doc, table: stack.tableName });
    const keyOf = (ratePerMinute: number) =>
      repos.apiKeys.create({
        name: `partner test ${ratePerMinute}`,
        scopes: ['read'],
        ratePerMinute,
        createdAt: new Date().toISOString(),
        createdBy: 'test',
      });
    const script = async (apiKey: string) =>
      JSON.parse(
        (
          await run(process.execPath, [path.join(partner, 'out', 'list-sites.js')], {
            cwd: partner,
            env: { ...process.env, AMPFLEET_URL: stack.consoleUrl, AMPFLEET_API_KEY: apiKey },
          })
        ).stdout,
      ) as { httpStatus?: number; siteIds?: string[] };
    const revoked = await keyOf(100);
    expect((await script(revoked.key)).siteIds).toBeDefined();
    await repos.apiKeys.revoke(revoked.view.keyId, new Date().toISOString());
    expect(await script(revoked.key)).toEqual({ httpStatus: 401 });
    // Two requests per run: the first run uses the rate of 2 per minute, the second is refused.
    const slow = await keyOf(2);
    expect((await script(slow.key)).siteIds).toBeDefined();
    expect(await script(slow.key)).toEqual({ httpStatus: 429 });
    const res = await fetch(`${stack.consoleUrl}/api/trpc/sites.list?input=${encodeURIComponent('{}')}`, {
      headers: { authorization: `Bearer ${slow.key}` },
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    doc.destroy();
  });

  it('loads through require() too (the CommonJS build)', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '-e',
        "const c = require('@ampfleet/client'); console.log(typeof c.createAmpfleetClient, c.apiUrl('https://x.example/'))",
      ],
      { cwd: partner },
    );
    expect(stdout.trim()).toBe('function https://x.example/api/trpc');
  });
});

describe('the OpenAPI document and the REST form of the read procedures, served by the console', () => {
  const get = (path: string) => {
    const apiKey = partnerApiKey(stack);
    return fetch(`${stack.consoleUrl}${path}`, {
      headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
    });
  };

  it('serves GET /api/openapi.json: valid OpenAPI 3.1, its server the REST form beside it', async () => {
    const response = await fetch(`${stack.consoleUrl}/api/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { servers: { url: string }[]; paths: object };
    const validator = new Validator();
    expect(await validator.validate(document)).toEqual({ valid: true });
    expect(document.servers).toEqual([{ url: '/api/v1' }]);
    expect(Object.keys(document.paths)).toContain('/sites/{siteId}');
  });

  it('answers GET /api/v1/sites and /api/v1/sites/{siteId} with the procedures’ outputs', async () => {
    const list = await get('/api/v1/sites?limit=2&sort=name');
    expect(list.status).toBe(200);
    const page = (await list.json()) as { items: { siteId: string }[]; total: number };
    expect(page.total).toBe(demoSites.length);
    expect(page.items).toHaveLength(2);
    const siteId = page.items[0]?.siteId ?? '';
    const site = await get(`/api/v1/sites/${siteId}`);
    expect(site.status).toBe(200);
    expect(await site.json()).toMatchObject({ siteId });
  });

  it('answers a bad query parameter with 400 naming it, and another site with 404', async () => {
    const bad = await get('/api/v1/sites?limit=500');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('limit');
    expect((await get('/api/v1/sites/no-such-site')).status).toBe(404);
  });
});

describe('the API page (/developers)', () => {
  const site = { siteId: demoSites[0]!.id, chargePointId: demoChargePointIds(demoSites[0]!)[0]! };
  /** The page's curl examples, run by sh with curl against the console (the key from the environment). */
  const curl = async (example: string) => {
    const apiKey = partnerApiKey(stack);
    const { stdout } = await run('sh', ['-c', example], {
      env: { ...process.env, AMPFLEET_API_KEY: apiKey ?? '' },
    });
    return JSON.parse(stdout) as unknown;
  };

  it('shows every procedure of the router with its input and output, and fits 390 px', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      const admin = stack.demoIdentities.find((p) => p.role === 'org-admin' && p.orgId === DEMO_ORG_ID);
      if (!admin) throw new Error('no demo org admin');
      await signIn(page, stack.consoleUrl, admin);
      await page.locator('header nav a[href="/developers"]').click();
      await page.locator('[data-testid="api-docs"]').waitFor();
      const shown = await Promise.all(
        (await page.locator('[data-procedure]').all()).map((el) => el.getAttribute('data-procedure')),
      );
      expect(shown).toEqual(procedureCatalog().map((p) => p.name));
      expect(await page.locator('[data-procedure="sites.get"] pre').first().textContent()).toContain(
        'siteId: string',
      );
      // The page never scrolls sideways; long code scrolls inside its own box.
      expect(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')).toBe(0);
      const codeScrolls = await page.evaluate(
        "[...document.querySelectorAll('pre.code')].some((el) => el.scrollWidth > el.clientWidth)",
      );
      expect(codeScrolls).toBe(true);
    } finally {
      await browser.close();
    }
  });

  it("runs the page's curl examples: a query, a REST read and a mutation", async () => {
    // The demo fleet's simulators are not running here: the charge point announces itself once.
    const { raw, doc } = createDynamoClients({ region: 'eu-central-1', endpoint: stack.dynamoEndpoint });
    await applyTelemetry(doc, stack.tableName, {
      orgId: DEMO_ORG_ID,
      siteId: site.siteId,
      message: aStatus({ chargePointId: site.chargePointId, status: 'Available' }),
      nowEpochS: Math.floor(Date.now() / 1000),
    }).finally(() => raw.destroy());
    expect(await curl(curlQuery(stack.consoleUrl))).toMatchObject({
      result: { data: { total: demoSites.length } },
    });
    expect(await curl(curlRest(stack.consoleUrl, site))).toMatchObject({ siteId: site.siteId });
    expect(await curl(curlMutation(stack.consoleUrl, site))).toMatchObject({
      result: { data: { siteId: site.siteId, kind: 'setOperatorLimit', status: 'pending' } },
    });
  });
});
