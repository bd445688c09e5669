import { mkdir, readFile } from 'node:fs/promises';
import { HealthResponse, SITE_CSV_HEADER, siteFindings, simulatorsOf, type Site } from '@ampfleet/domain';
import {
  demoChargePointIds,
  demoSites,
  freePort,
  secondOrgSites,
  startLocalStack,
  type LocalStack,
} from '@ampfleet/local';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signIn, signOut } from '../support/browser';
import { eventually } from '../support/wait';

// The whole system as `npm start` runs it (on free loopback ports), seen through headless chromium.
let stack: LocalStack;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
const demoChargePoints = demoSites.reduce((n, s) => n + demoChargePointIds(s).length, 0);
/** The demo site's DLM master and its limits, as the simulators serve them (projected from the site). */
const dlmOf = (site: Site) => {
  const { ecus, dlm } = simulatorsOf(site);
  if (dlm === undefined || ecus[0] === undefined) throw new Error(`${site.id} has no DLM master`);
  return { master: ecus[0].id, ...dlm };
};

beforeAll(async () => {
  stack = await startLocalStack({ consolePort: await freePort(), quiet: true });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await signIn(page, stack.consoleUrl, personOf('fleet-manager'));
});

/** The demo person of a role, as `npm start` prints them. */
const personOf = (role: string) => {
  const person = stack.demoIdentities.find((p) => p.role === role && p.orgId === 'demo');
  if (!person) throw new Error(`no demo ${role}`);
  return person;
};

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const SHOTS = '/tmp/shots';
const sitePage = (siteId: string) => `${stack.consoleUrl}/sites/${siteId}`;
const siteCard = (siteId: string) => page.locator(`section[data-site="${siteId}"]`);
/** Horizontal overflow of the whole page (0 = fits the viewport). */
const pageOverflow = async (p: Page) =>
  Number(await p.evaluate('document.documentElement.scrollWidth - window.innerWidth'));

const health = async () => HealthResponse.parse(await (await fetch(`${stack.consoleUrl}/api/health`)).json());

describe('console, end to end', () => {
  it('answers /api/health from the stored data', async () => {
    const h = await eventually(async () => {
      const r = await health();
      return r.chargePoints === demoChargePoints && r.lastTelemetryAt ? r : undefined;
    }, 'every demo charge point to report');
    // Health counts every organisation's sites: the demo organisation's and the second one's.
    expect(h).toMatchObject({
      status: 'ok',
      sites: demoSites.length + secondOrgSites().length,
      chargePoints: demoChargePoints,
    });
    expect(Date.parse(h.lastTelemetryAt ?? '')).not.toBeNaN();
  });

  it('shows the fleet overview: every demo charge point counted by state', async () => {
    await page.goto(stack.consoleUrl);
    await page.locator('[data-testid="fleet-overview"]').waitFor();
    await expect
      .poll(() => page.locator('[data-testid="overview-cps"]').textContent(), { timeout: 60_000 })
      .toBe(String(demoChargePoints));
    expect(await page.locator('[data-testid="overview-sites"]').textContent()).toBe(String(demoSites.length));
  });

  it('shows the fleet configuration from the roll-up; a rule’s site count opens the list filtered by it, exported as CSV', async () => {
    // What the audit-drift handler must have rolled up for the demo sites (version 1 = the site files).
    const sitesByRule = new Map<string, string[]>();
    for (const site of demoSites)
      for (const ruleId of new Set(siteFindings(site).map((f) => f.ruleId)))
        sitesByRule.set(ruleId, [...(sitesByRule.get(ruleId) ?? []), site.id]);
    expect(sitesByRule.size).toBeGreaterThan(0);

    await page.goto(stack.consoleUrl);
    await page.locator('[data-testid="fleet-config"]').waitFor();
    // The firmware mix counts every demo ECU once (the handler has audited every site).
    const ecusInMix = async () => {
      let n = 0;
      for (const li of await page.locator('[data-testid="fleet-firmware-mix"] li').all())
        n += Number(await li.getAttribute('data-ecus'));
      return n;
    };
    await expect.poll(ecusInMix, { timeout: 60_000 }).toBe(demoChargePoints);
    const ruleRows = async () => {
      const rows: (string | null)[][] = [];
      for (const tr of await page.locator('[data-testid="fleet-findings-by-rule"] tbody tr').all())
        rows.push([
          await tr.getAttribute('data-rule'),
          await tr.locator('[data-testid="fleet-rule-sites"]').textContent(),
        ]);
      return rows;
    };
    const expected = [...sitesByRule].map(([rule, ids]) => [rule, String(ids.length)]);
    await expect.poll(async () => (await ruleRows()).sort(), { timeout: 60_000 }).toEqual(expected.sort());

    // The rule at the fewest sites: its count leads to exactly those sites.
    const [rule, ids] = [...sitesByRule].sort((a, b) => a[1].length - b[1].length)[0]!;
    await Promise.all([
      page.waitForURL(new RegExp(`/sites\\?rule=${rule.replace('.', '\\.')}$`)),
      page.locator(`tr[data-rule="${rule}"] [data-testid="fleet-rule-sites"]`).click(),
    ]);
    const list = page.locator('[data-testid="site-list"]');
    await list.waitFor();
    // The list may first be served from the console's summary cache (≤ 30 s old); it refetches itself.
    await expect
      .poll(() => page.locator('[data-testid="site-list"]').getAttribute('data-total'), { timeout: 40_000 })
      .toBe(String(ids.length));
    const rowIds = await Promise.all(
      (await page.locator('[data-site-row]').all()).map((r) => r.getAttribute('data-site-row')),
    );
    expect(rowIds.sort()).toEqual([...ids].sort());
    expect(await page.locator('select[name="rule"]').inputValue()).toBe(rule);
    await page.screenshot({ path: `${SHOTS}/sites-rule-1400.png`, fullPage: true });

    // The export: every site the filter matches, as CSV.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="sites-export"]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^sites-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(SITE_CSV_HEADER.join(','));
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual([...ids].sort());

    // Composable with the search; a parameter that is none is refused, naming the field.
    await page.goto(`${stack.consoleUrl}/sites?rule=${rule}&q=no-such-site-anywhere`);
    await list.waitFor();
    expect(await list.getAttribute('data-total')).toBe('0');
    await page.goto(`${stack.consoleUrl}/sites?parameter=noSuchParameter`);
    expect(await page.locator('p[role="alert"]').textContent()).toMatch(/parameter/);
  }, 120_000);

  it('shows each site live, with data from the simulated sites arriving by itself', async () => {
    for (const site of demoSites) {
      await page.goto(sitePage(site.id));
      await page.locator('[data-testid="site-live"]').waitFor();
      await expect
        .poll(() => siteCard(site.id).locator('tbody tr').count(), { timeout: 60_000 })
        .toBe(demoChargePointIds(site).length);
      // Connector states come from OCPP StatusNotification, via MQTT, the ingest handler and DynamoDB.
      await expect
        .poll(() => page.locator('[data-testid="connector-status"]').allTextContents(), { timeout: 60_000 })
        .not.toContain('Unknown');
    }
    // An EV charging at some site shows a non-zero per-phase current; each page is never reloaded.
    const charging = async () => {
      for (const site of demoSites) {
        await page.goto(sitePage(site.id));
        await page.locator('[data-testid="site-live"]').waitFor();
        const texts = await page.locator('[data-testid="current-import"]').allTextContents();
        if (texts.some((t) => /[1-9]\d*\.\d\sA/.test(t))) return true;
      }
      return false;
    };
    await expect.poll(charging, { timeout: 120_000, interval: 2_000 }).toBe(true);
    // And it keeps updating on its own: the site's live view is refetched within seconds.
    const before = await page.locator('[data-testid="site-live"]').getAttribute('data-generated-at');
    await expect
      .poll(() => page.locator('[data-testid="site-live"]').getAttribute('data-generated-at'), {
        timeout: 5_000,
      })
      .not.toBe(before);
    const h1 = await health();
    await expect
      .poll(
        async () => Date.parse((await health()).lastTelemetryAt ?? '') > Date.parse(h1.lastTelemetryAt ?? ''),
        { timeout: 30_000 },
      )
      .toBe(true);
  }, 240_000);

  it('shows each site’s DLM network: effective limit from the master’s configuration, meter connected', async () => {
    for (const site of demoSites) {
      await page.goto(sitePage(site.id));
      const panel = siteCard(site.id).locator('[data-dlm-network]');
      await expect
        .poll(() => panel.locator('[data-testid="meter-status"]').textContent(), { timeout: 60_000 })
        .toBe('meter connected');
      // The limit is read from the master with GetConfiguration: min(sub-distribution, operator) per phase.
      const { subDistributionLimitA, operatorLimitA } = dlmOf(site);
      const limit = Math.min(subDistributionLimitA, operatorLimitA);
      await expect
        .poll(() => panel.locator('[data-testid="dlm-effective-limit"]').textContent(), { timeout: 60_000 })
        .toMatch(new RegExp(`^(\\d+\\.\\d\\sA){3}$`));
      const text = (await panel.locator('[data-testid="dlm-effective-limit"]').textContent()) ?? '';
      for (const a of text.match(/\d+\.\d/g) ?? []) expect(Number(a)).toBeLessThanOrEqual(limit);
    }
  }, 180_000);

  // Generous bounds (not speed asserts): on a loaded 2-core CI the command's round trip took over 60 s.
  it(
    "sets a site's operator limit from its page and shows the command's result",
    { timeout: 300_000 },
    async () => {
      const site = demoSites[0]!;
      // The demo site's DLM master, as projected from its configuration.
      const { master, subDistributionLimitA } = dlmOf(site);
      await page.goto(sitePage(site.id));
      const card = siteCard(site.id).locator('[data-testid="operator-limit"]');
      await card.locator('select[name="chargePointId"]').selectOption(master);
      await card.locator('input[name="amps"]').fill(String(subDistributionLimitA + 1));
      await card.locator('button[type="submit"]').click();
      const status = card.locator('[data-testid="operator-limit-status"]');
      await expect
        .poll(() => status.textContent(), { timeout: 120_000 })
        .toMatch(/^refused — .*EVSE Sub-Distribution Limit/);
      await card.locator('input[name="amps"]').fill('10');
      await card.locator('button[type="submit"]').click();
      await expect.poll(() => status.textContent(), { timeout: 120_000 }).toMatch(/^accepted/);
    },
  );

  for (const [label, width, height] of [
    ['desktop', 1400, 900],
    ['phone', 390, 844],
  ] as const) {
    it(`pages and searches the site list and opens a site page (${label}, ${width} px)`, async () => {
      await mkdir(SHOTS, { recursive: true });
      const p = await browser.context.newPage();
      await p.setViewportSize({ width, height });
      try {
        await p.goto(stack.consoleUrl);
        await p.locator('[data-testid="fleet-overview"]').waitFor();
        await p.screenshot({ path: `${SHOTS}/overview-${width}.png`, fullPage: true });
        if (width <= 390) expect(await pageOverflow(p)).toBeLessThanOrEqual(0);

        // Two sites a page: the server pages, the pager follows its cursor.
        await p.goto(`${stack.consoleUrl}/sites?limit=2`);
        const rows = p.locator('[data-site-row]');
        const rowIds = async () =>
          Promise.all((await rows.all()).map((r) => r.getAttribute('data-site-row')));
        await p.locator('[data-testid="site-list"]').waitFor();
        expect(await p.locator('[data-testid="site-list"]').getAttribute('data-total')).toBe(
          String(demoSites.length),
        );
        const first = await rowIds();
        expect(first).toHaveLength(2);
        await p.screenshot({ path: `${SHOTS}/sites-${width}.png`, fullPage: true });
        if (width <= 390) expect(await pageOverflow(p)).toBeLessThanOrEqual(0);
        await p.locator('[data-testid="next-page"]').click();
        await p.waitForURL(/cursor=/);
        await p.locator('[data-testid="site-list"]').waitFor();
        const second = await rowIds();
        expect(await p.locator('[data-testid="next-page"]').count()).toBe(0);
        expect([...first, ...second].sort()).toEqual(demoSites.map((s) => s.id).sort());

        // Search by part of a name: the server filters, the URL keeps it.
        const target = demoSites[demoSites.length - 1]!;
        await p.goto(`${stack.consoleUrl}/sites`);
        await p.locator('input[name="q"]').fill(target.name.split(' ').slice(-2)[0]!);
        await p.locator('form[role="search"] button[type="submit"]').click();
        await p.waitForURL(/q=/);
        await expect
          .poll(() => rowIds(), {
            timeout: 10_000,
          })
          .toEqual([target.id]);

        // Open the site page from the list: Live first, then a tab that says what it will hold.
        await rows.locator('a').first().click();
        await p.waitForURL(new RegExp(`/sites/${target.id}$`));
        await p.locator('[data-testid="site-live"]').waitFor();
        await expect
          .poll(() => p.locator(`section[data-site="${target.id}"] tbody tr`).count(), {
            timeout: 30_000,
          })
          .toBe(demoChargePointIds(target).length);
        await p.screenshot({ path: `${SHOTS}/site-${width}.png`, fullPage: true });
        if (width <= 390) expect(await pageOverflow(p)).toBeLessThanOrEqual(0);
        await p.locator('[role="tab"]', { hasText: 'Sessions' }).click();
        await p.waitForURL(/tab=sessions/);
        expect(await p.locator('[role="tabpanel"]').textContent()).toMatch(/will be listed here/);
      } finally {
        await p.close();
      }
    }, 120_000);
  }

  // German from the browser's language, English by the switch (its cookie beats the browser).
  for (const [label, width, height] of [
    ['desktop', 1400, 900],
    ['phone', 390, 844],
  ] as const) {
    it(`shows the console in German and switches the language (${label}, ${width} px)`, async () => {
      const p = await browser.context.newPage();
      await p.setViewportSize({ width, height });
      await p.setExtraHTTPHeaders({ 'Accept-Language': 'de-DE,de;q=0.9,en;q=0.5' });
      const lang = () => p.locator('html').getAttribute('lang');
      try {
        await p.goto(stack.consoleUrl);
        await p.locator('[data-testid="fleet-overview"]').waitFor();
        expect(await p.locator('h1').textContent()).toBe('Flotte');
        await p.screenshot({ path: `${SHOTS}/overview-de-${width}.png`, fullPage: true });
        if (width <= 390) expect(await pageOverflow(p)).toBeLessThanOrEqual(0);

        await p.goto(`${stack.consoleUrl}/sites`);
        await p.locator('[data-testid="site-list"]').waitFor();
        expect(await lang()).toBe('de');
        expect(await p.locator('h1').textContent()).toBe('Standorte');
        expect(await p.locator('[data-testid="site-count"]').textContent()).toBe(
          `${demoSites.length} Standorte`,
        );
        expect(await p.locator('[data-site-row] .counts .badge').first().textContent()).toMatch(
          /^\d+ Ladepunkte?$/,
        );
        // German numbers: decimal comma, the unit after it (the busiest phase's current of a site).
        await expect
          .poll(() => p.locator('[data-testid="site-row-load"]').first().textContent(), { timeout: 30_000 })
          .toMatch(/^Last \d{1,3}(\.\d{3})*,\d\sA$/);
        await p.screenshot({ path: `${SHOTS}/sites-de-${width}.png`, fullPage: true });
        if (width <= 390) expect(await pageOverflow(p)).toBeLessThanOrEqual(0);

        const site = demoSites[0]!;
        await p.goto(sitePage(site.id));
        await p.locator('[data-testid="site-live"]').waitFor();
        await expect
          .poll(() => p.locator('[data-testid="meter-status"]').first().textContent(), { timeout: 60_000 })
          .toBe('Zähler verbunden');
        await expect
          .poll(() => p.locator('[data-testid="dlm-effective-limit"]').first().textContent(), {
            timeout: 60_000,
          })
          .toMatch(/^(\d+,\d\sA){3}$/);
        await p.screenshot({ path: `${SHOTS}/site-de-${width}.png`, fullPage: true });
        if (width <= 390) expect(await pageOverflow(p)).toBeLessThanOrEqual(0);

        // The switch: English although the browser asks for German, kept across pages; and back.
        await p.goto(`${stack.consoleUrl}/sites`);
        await Promise.all([p.waitForEvent('load'), p.locator('[data-locale="en"]').click()]);
        await expect.poll(lang).toBe('en');
        expect(await p.locator('h1').textContent()).toBe('Sites');
        await p.goto(stack.consoleUrl);
        expect(await p.locator('h1').textContent()).toBe('Fleet');
        await Promise.all([p.waitForEvent('load'), p.locator('[data-locale="de"]').click()]);
        await expect.poll(lang).toBe('de');
        expect(await p.locator('h1').textContent()).toBe('Flotte');
      } finally {
        await p.close();
        // The choice lives in a cookie of the shared browser profile: leave English for the others
        // (and only that cookie — a session cookie stays).
        await browser.context.clearCookies({ name: 'NEXT_LOCALE' });
      }
    }, 120_000);
  }
});

describe('sign-in and roles, end to end', () => {
  /** A tRPC call from inside the signed-in page (same origin, the session cookie), as the console makes it. */
  const callFromPage = (path: string, input: unknown, mutation = false) =>
    page.evaluate(
      async ([p, i, m]) => {
        const url = `/api/trpc/${p}${m ? '' : `?input=${encodeURIComponent(JSON.stringify(i))}`}`;
        const res = await fetch(url, {
          method: m ? 'POST' : 'GET',
          headers: { 'content-type': 'application/json' },
          body: m ? JSON.stringify(i) : undefined,
        });
        return res.status;
      },
      [path, input, mutation] as const,
    );
  const navLinks = () => page.locator('.topbar .nav a').allTextContents();

  it('without a session every page leads to the sign-in form and every procedure answers 401', async () => {
    await signOut(page);
    await page.goto(`${stack.consoleUrl}/sites/depot-nord`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    const res = await fetch(`${stack.consoleUrl}/api/trpc/sites.list?input=${encodeURIComponent('{}')}`);
    expect(res.status).toBe(401);
  });

  it('a wrong password is refused with a sentence that does not say whether the person exists', async () => {
    for (const email of ['admin@demo.ampfleet.test', 'nobody@demo.ampfleet.test']) {
      await page.goto(`${stack.consoleUrl}/sign-in`);
      await page.fill('input[name="email"]', email);
      await page.fill('input[name="password"]', 'Wrong-password-1');
      await Promise.all([page.waitForURL(/error=refused/), page.click('button[type="submit"]')]);
      expect(await page.locator('main [role="alert"]').textContent()).toBe(
        'E-mail address or password is not right.',
      );
    }
  });

  it('the org admin manages keys and reads the audit trail; the session cookie is httpOnly, Secure, SameSite=Strict', async () => {
    await signIn(page, stack.consoleUrl, personOf('org-admin'));
    const [cookie] = await browser.context.cookies(stack.consoleUrl);
    expect(cookie).toMatchObject({
      name: '__Host-ampfleet-session',
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
    });
    expect(await navLinks()).toEqual([
      'Fleet',
      'Sites',
      'Rollouts',
      'API',
      'Users',
      'API keys',
      'Audit trail',
    ]);
    await page.goto(`${stack.consoleUrl}/admin/api-keys`);
    await page.fill('input[name="name"]', 'e2e partner');
    await page.click('button[type="submit"]:has-text("Create key")');
    const shown = await page.locator('[data-new-key] code').textContent();
    expect(shown).toMatch(/^amp_[a-z0-9]{12}_/);
    const key = shown ?? '';
    const asPartner = (k: string) =>
      fetch(`${stack.consoleUrl}/api/trpc/sites.list?input=${encodeURIComponent('{"limit":5}')}`, {
        headers: { authorization: `Bearer ${k}` },
      });
    expect((await asPartner(key)).status).toBe(200);
    await page.reload();
    expect(await page.content()).not.toContain(key); // shown once
    const keyId = key.split('_')[1] ?? '';
    await page.locator(`tr[data-key="${keyId}"] button:has-text("Revoke")`).click();
    await expect.poll(async () => (await asPartner(key)).status, { timeout: 10_000 }).toBe(401);
    await page.goto(`${stack.consoleUrl}/admin/audit-trail`);
    await expect
      .poll(() => page.locator('tr[data-audit-action="api-key.revoke"]').count())
      .toBeGreaterThan(0);
    expect(await page.locator('tr[data-audit-action="auth.sign-in"]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/audit-trail-1400.png`, fullPage: true });
  });

  it('an invited person signs in with the temporary password, chooses their own, and lands with their role', async () => {
    await page.goto(`${stack.consoleUrl}/admin/users`);
    await page.fill('input[name="email"]', 'new.viewer@demo.ampfleet.test');
    await page.selectOption('select[name="role"]', 'viewer');
    await page.click('button[type="submit"]:has-text("Invite")');
    const temporary = (await page.locator('.once code').textContent()) ?? '';
    expect(temporary.length).toBeGreaterThanOrEqual(12);
    await expect.poll(() => page.locator('tr[data-user="new.viewer@demo.ampfleet.test"]').count()).toBe(1);
    await signOut(page);
    await page.goto(`${stack.consoleUrl}/sign-in`);
    await page.fill('input[name="email"]', 'new.viewer@demo.ampfleet.test');
    await page.fill('input[name="password"]', temporary);
    await Promise.all([page.waitForURL(/\/sign-in\/new-password/), page.click('button[type="submit"]')]);
    await page.fill('input[name="newPassword"]', 'My-own-password-42');
    await page.fill('input[name="confirmPassword"]', 'My-own-password-42');
    await Promise.all([
      page.waitForURL((url) => !url.pathname.startsWith('/sign-in')),
      page.click('button[type="submit"]'),
    ]);
    expect(await page.locator('.user-menu').textContent()).toContain(
      'new.viewer@demo.ampfleet.test · viewer',
    );
    expect(await callFromPage('users.list', undefined)).toBe(403);
  });

  it('a fleet manager runs the fleet but not the organisation', async () => {
    await signOut(page);
    await signIn(page, stack.consoleUrl, personOf('fleet-manager'));
    expect(await navLinks()).toEqual(['Fleet', 'Sites', 'Rollouts', 'API']);
    await page.goto(`${stack.consoleUrl}/admin/users`);
    expect(await page.locator('main [role="alert"]').textContent()).toMatch(/Only an organisation admin/);
    expect(await callFromPage('users.list', undefined)).toBe(403);
    expect(await callFromPage('sites.get', { siteId: 'hafenstrasse-3' })).toBe(404); // another organisation's
  });

  it('a site owner sees only their own site', async () => {
    await signOut(page);
    await signIn(page, stack.consoleUrl, personOf('site-owner'));
    // Home is the owner's dashboard; in the console's pages the only link is back to it.
    expect(new URL(page.url()).pathname).toMatch(/^\/my/);
    await page.goto(`${stack.consoleUrl}/sites`);
    expect(await navLinks()).toEqual(['My site']);
    expect(await callFromPage('sites.get', { siteId: 'lindenweg-12' })).toBe(200);
    expect(await callFromPage('sites.get', { siteId: 'depot-nord' })).toBe(404);
    expect(await callFromPage('fleet.overview', undefined)).toBe(403);
    await expect.poll(() => page.locator('[data-site-row]').count(), { timeout: 20_000 }).toBe(1);
    expect(await page.locator('[data-site-row]').getAttribute('data-site-row')).toBe('lindenweg-12');
  });

  it('a viewer reads but cannot send a command', async () => {
    await signOut(page);
    await signIn(page, stack.consoleUrl, personOf('viewer'));
    expect(await callFromPage('sites.get', { siteId: 'depot-nord' })).toBe(200);
    const cp = demoChargePointIds(demoSites.find((s) => s.id === 'depot-nord')!)[0];
    const status = await callFromPage(
      'commands.send',
      { siteId: 'depot-nord', chargePointId: cp, command: { kind: 'getConfiguration' } },
      true,
    );
    expect(status).toBe(403);
  });
});
