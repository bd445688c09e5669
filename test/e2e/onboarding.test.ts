import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, startLocalStack, type LocalStack } from '@ampfleet/local';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../services/cli/src/cli-harness';
import { launchBrowser, signIn } from '../support/browser';

// Onboarding end to end (issue #12 point 6, #14 point 3): a fleet manager creates a site from the §7.4
// template in the console, finds it in the site list, opens its commissioning sheet and prints it (print
// media: no console frame, one page per ECU); `npx ampfleet site create` does the same through the partner
// API, and `npx ampfleet site provision` takes that site's configuration from the running stack's table;
// an organisation admin (only) provisions the site box from the site page and downloads its bundle once.
// No simulators: the demo sites are registered, the new ones need no telemetry.

let stack: LocalStack;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let tmp: string;
const SHOTS = '/tmp/shots';
const SITE = 'werk-e2e';

/** The computed break-before of each ECU section (no DOM types in this project: a plain function). */
const breaksOf = (ecus: Locator) =>
  ecus.evaluateAll((els: unknown[]) =>
    els.map(
      (e) =>
        (globalThis as unknown as { getComputedStyle(e: unknown): { breakBefore: string } }).getComputedStyle(
          e,
        ).breakBefore,
    ),
  );

const pageOverflow = async (p: Page) =>
  Number(await p.evaluate('document.documentElement.scrollWidth - window.innerWidth'));

beforeAll(async () => {
  stack = await startLocalStack({ consolePort: await freePort(), quiet: true, demo: false });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 1400, height: 900 });
  const manager = stack.demoIdentities.find((p) => p.role === 'fleet-manager' && p.orgId === 'demo');
  if (!manager) throw new Error('no demo fleet manager');
  await signIn(page, stack.consoleUrl, manager);
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-onboarding-'));
  await mkdir(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('onboarding, end to end', () => {
  it('creates a site from the §7.4 template: a bad field is named at the field, then the site is listed', async () => {
    await page.goto(`${stack.consoleUrl}/sites`);
    await page.locator('[data-testid="new-site-link"]').click();
    await page.waitForURL(/\/sites\/new$/);
    const form = page.locator('[data-testid="new-site-form"]');
    await form.locator('select[name="useCase"]').selectOption('use-case-4');
    await form.locator('select[name="option"]').selectOption('2');
    await form.locator('input[name="id"]').fill(SITE);
    await form.locator('input[name="name"]').fill('Werk E2E');
    await form.locator('input[name="address"]').fill('Hafenstraße 1, 28217 Bremen');
    await form.locator('input[name="timeZone"]').fill('Europe/Bremen');
    await form.locator('button[type="submit"]').click();
    // Named at its field; nothing written (the id is still free: the corrected form creates it).
    await expect
      .poll(() => form.locator('[data-error-for="timeZone"]').textContent(), { timeout: 30_000 })
      .toContain('IANA time zone');
    expect(await form.locator('input[name="timeZone"]').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: `${SHOTS}/new-site-error-1400.png`, fullPage: true });
    await form.locator('input[name="timeZone"]').fill('Europe/Berlin');
    await form.locator('button[type="submit"]').click();
    const created = page.locator('[data-testid="created"]');
    await created.waitFor({ timeout: 30_000 });
    expect(await created.textContent()).toContain(SITE);

    // The site list is served from a read model refreshed within seconds.
    await expect
      .poll(
        async () => {
          await page.goto(`${stack.consoleUrl}/sites?q=${SITE}`);
          return page.locator(`[data-site-row="${SITE}"]`).count();
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe(1);
  }, 120_000);

  it('an imported JSON with a bad field is refused, naming the field’s path', async () => {
    await page.goto(`${stack.consoleUrl}/sites/new`);
    const form = page.locator('[data-testid="new-site-form"]');
    await form.locator('input[name="mode"][value="import"]').check();
    const site = {
      id: 'imported-bad',
      name: 'Imported',
      mainConnection: { ratingA: { l1: 63, l2: 63, l3: 63 } },
      supplyLines: [{ id: 'line', ratingA: { l1: 63, l2: 63, l3: 63 } }],
      lans: [{ id: 'lan' }],
      stations: [
        {
          id: 'st',
          model: 'AMTRON Professional+',
          lanId: 'lan',
          supplyLineId: 'line',
          ecus: [
            {
              chargePointId: 'cp1',
              position: 'single',
              firmware: '4.61',
              ratedCurrentA: 200,
              wiring: { phases: 'three', rotation: 'RST' },
              config: {},
            },
          ],
        },
      ],
    };
    await form.locator('textarea[name="json"]').fill(JSON.stringify(site, null, 2));
    await form.locator('button[type="submit"]').click();
    const issue = page.locator(
      '[data-testid="create-error"] li[data-path="site.stations.0.ecus.0.ratedCurrentA"]',
    );
    await issue.waitFor({ timeout: 30_000 });
    await page.screenshot({ path: `${SHOTS}/new-site-import-error-1400.png`, fullPage: true });
  }, 60_000);

  it('opens the commissioning sheet from the site page; printed, it has no console frame and a page per ECU', async () => {
    await page.goto(`${stack.consoleUrl}/sites/${SITE}`);
    await page.locator('[data-testid="commissioning-link"]').click();
    await page.waitForURL(/\/commissioning$/);
    const sheet = page.locator('[data-testid="commissioning-sheet"]');
    await sheet.waitFor();
    const ecus = sheet.locator('[data-ecu]');
    expect(await ecus.count()).toBeGreaterThan(0);
    const first = ecus.first();
    // The manual's groups, the firmware's own names; the ECU's settings as the web interface shows them.
    expect(
      (await first
        .locator('[data-group]')
        .evaluateAll((els: { getAttribute(name: string): string | null }[]) =>
          els.map((e) => e.getAttribute('data-group')),
        )) as string[],
    ).toEqual(['phases', 'network', 'gateway', 'ocpp', 'dlm']);
    expect(await first.locator('[data-param="networkMode"] td').first().textContent()).toBe(
      'Mode for ethernet configuration',
    );
    expect(await first.locator('[data-param="externalMeterLocation"]').count()).toBe(1);
    expect(await first.locator('[data-secret="operatorPassword"]').textContent()).toBe('set on site');
    expect(await page.locator('.topbar').isVisible()).toBe(true);

    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.locator('.topbar').isVisible()).toBe(false);
      expect(await page.locator('.crumbs').isVisible()).toBe(false);
      expect(await page.locator('.print-button').isVisible()).toBe(false);
      expect(await sheet.isVisible()).toBe(true);
      expect(await breaksOf(ecus)).toEqual(['auto']);
      await page.screenshot({ path: `${SHOTS}/commissioning-print-1400.png`, fullPage: true });
      // The browser's print-to-PDF is the PDF path: A4, one page per ECU at least.
      const pdf = await page.pdf({ path: `${SHOTS}/commissioning.pdf`, format: 'A4', printBackground: true });
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
      expect(pages).toBeGreaterThanOrEqual(await ecus.count());
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  }, 60_000);

  it('`ampfleet site create` through the partner API; `site provision` reads the stored configuration', async () => {
    const args = ['site', 'create', '--template', 'use-case-2', '--id', 'cli-site', '--name', 'From the CLI'];
    const api = ['--api-url', stack.consoleUrl, '--api-key', stack.demoApiKey];
    const made = await runCli([...args, ...api], tmp);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(JSON.parse(made.stdout)).toMatchObject({ siteId: 'cli-site', version: 1 });
    const again = await runCli([...args, ...api], tmp);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('CONFLICT');
    // Four ECUs (two AMEDIOs): printed, a page each — the first on the sheet's first page.
    await page.goto(`${stack.consoleUrl}/sites/cli-site/commissioning`);
    const ecus = page.locator('[data-testid="commissioning-sheet"] [data-ecu]');
    await ecus.first().waitFor();
    expect(await ecus.count()).toBe(4);
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await breaksOf(ecus)).toEqual(['auto', 'page', 'page', 'page']);
      await page.screenshot({ path: `${SHOTS}/commissioning-print-4ecus-1400.png`, fullPage: true });
      const pdf = await page.pdf({ path: `${SHOTS}/commissioning-4ecus.pdf`, format: 'A4' });
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
      expect(pages).toBeGreaterThanOrEqual(4);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
    const wrongKey = await runCli(
      [...args, '--api-url', stack.consoleUrl, '--api-key', 'afk_nope_nope'],
      tmp,
    );
    expect(wrongKey.code).toBe(1);

    const bundle = await runCli(
      [
        'site',
        'provision',
        'cli-site',
        '--org',
        'demo',
        '--dynamodb-endpoint',
        stack.dynamoEndpoint,
        '--table',
        stack.tableName,
        '--local',
        '--mqtt-url',
        stack.brokerUrl,
        '--out',
        'bundle',
        '--ca-dir',
        'ca',
      ],
      tmp,
    );
    expect(bundle.stderr).toBe('');
    expect(bundle.code).toBe(0);
    const config = JSON.parse(await readFile(path.join(tmp, 'bundle', 'site-edge.json'), 'utf8')) as {
      siteId: string;
      orgId: string;
      ocpp: { chargePoints: unknown[] };
    };
    expect(config).toMatchObject({ siteId: 'cli-site', orgId: 'demo' });
    expect(config.ocpp.chargePoints.length).toBeGreaterThan(1);
    const other = await runCli(
      [
        'site',
        'provision',
        'cli-site',
        '--org',
        'stadtwerke-nord',
        '--dynamodb-endpoint',
        stack.dynamoEndpoint,
      ],
      tmp,
    );
    expect(other.code).toBe(1);
    expect(other.stderr).toContain("has no site 'cli-site'");
  }, 120_000);

  for (const [locale, accept] of [
    ['en', 'en'],
    ['de', 'de-DE,de;q=0.9'],
  ] as const) {
    for (const width of [1400, 390]) {
      it(`the new-site form and the sheet fit ${width} px (${locale})`, async () => {
        const p = await browser.context.newPage();
        await p.setViewportSize({ width, height: 900 });
        await p.setExtraHTTPHeaders({ 'Accept-Language': accept });
        try {
          await p.goto(`${stack.consoleUrl}/sites/new`);
          await p.locator('[data-testid="new-site-form"]').waitFor();
          expect(await p.locator('html').getAttribute('lang')).toBe(locale);
          await p.screenshot({ path: `${SHOTS}/new-site-${locale}-${width}.png`, fullPage: true });
          expect(await pageOverflow(p)).toBeLessThanOrEqual(0);
          await p.goto(`${stack.consoleUrl}/sites/${SITE}/commissioning`);
          await p.locator('[data-testid="commissioning-sheet"]').waitFor();
          await p.screenshot({ path: `${SHOTS}/commissioning-${locale}-${width}.png`, fullPage: true });
          expect(await pageOverflow(p)).toBeLessThanOrEqual(0);
        } finally {
          await p.close();
        }
      }, 60_000);
    }
  }

  it('"Provision site box": not for a fleet manager; an org admin confirms and downloads the bundle', async () => {
    await page.goto(`${stack.consoleUrl}/sites/${SITE}`);
    await page.locator('[data-testid="commissioning-link"]').waitFor();
    expect(await page.locator('[data-testid="provision-box"]').count()).toBe(0);
    const admin = stack.demoIdentities.find((p) => p.role === 'org-admin' && p.orgId === 'demo');
    if (!admin) throw new Error('no demo org admin');
    await browser.context.clearCookies(); // signed out: from here on the browser is the org admin's
    await signIn(page, stack.consoleUrl, admin);
    await page.goto(`${stack.consoleUrl}/sites/${SITE}`);
    await page.locator('[data-testid="provision-open"]').click();
    await page.locator('[data-testid="provision-confirm"]').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="provision-confirm-button"]').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`edge-bundle-${SITE}.tar.gz`);
    const file = path.join(tmp, 'ui-bundle.tar.gz');
    await download.saveAs(file);
    execFileSync('tar', ['xzf', file, '-C', tmp]);
    const config = JSON.parse(
      await readFile(path.join(tmp, `edge-bundle-${SITE}`, 'site-edge.json'), 'utf8'),
    ) as { siteId: string; orgId: string; mqtt: { url: string } };
    expect(config).toMatchObject({ siteId: SITE, orgId: 'demo', mqtt: { url: stack.brokerUrl } });
    const key = await readFile(path.join(tmp, `edge-bundle-${SITE}`, 'certs', 'site.key'), 'utf8');
    expect(key).toContain('PRIVATE KEY');
    await page.locator('[data-testid="provision-done"]').waitFor();
    await page.screenshot({ path: `${SHOTS}/provision-done-1400.png`, fullPage: true });
  }, 60_000);

  for (const [locale, accept] of [
    ['en', 'en'],
    ['de', 'de-DE,de;q=0.9'],
  ] as const) {
    for (const width of [1400, 390]) {
      it(`the site box section and its confirmation fit ${width} px (${locale})`, async () => {
        const p = await browser.context.newPage();
        await p.setViewportSize({ width, height: 900 });
        await p.setExtraHTTPHeaders({ 'Accept-Language': accept });
        try {
          await p.goto(`${stack.consoleUrl}/sites/${SITE}`);
          await p.locator('[data-testid="provision-box"]').waitFor();
          await p.screenshot({ path: `${SHOTS}/provision-${locale}-${width}.png`, fullPage: true });
          expect(await pageOverflow(p)).toBeLessThanOrEqual(0);
          await p.locator('[data-testid="provision-open"]').click();
          await p.locator('[data-testid="provision-confirm"]').waitFor();
          await p.screenshot({ path: `${SHOTS}/provision-confirm-${locale}-${width}.png` });
          expect(await pageOverflow(p)).toBeLessThanOrEqual(0);
        } finally {
          await p.close();
        }
      }, 60_000);
    }
  }
});
