import { mkdir } from 'node:fs/promises';
import {
  demoChargePointIds,
  demoSites,
  freePort,
  OWNER_SITE_ID,
  startLocalStack,
  type LocalStack,
} from '@ampfleet/local';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signIn } from '../support/browser';

// The site owner's dashboard on a phone (390 × 844), over the whole local stack as `npm start` runs it:
// fits the screen, large live numbers, installable (manifest + icons), in English and German, and
// "pause charging" reaching a simulated ECU over OCPP and coming back as the charge point's state.
let stack: LocalStack;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
const SHOTS = '/tmp/shots';
const PHONE = { width: 390, height: 844 };
// The demo site owner's site (the apartment building); the owner signs in once, the pages share the cookie.
const site = demoSites.find((s) => s.id === OWNER_SITE_ID)!;

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  stack = await startLocalStack({ consolePort: await freePort(), quiet: true });
  browser = await launchBrowser();
  const owner = stack.demoIdentities.find((p) => p.role === 'site-owner');
  if (!owner) throw new Error('no demo site owner');
  const page = await browser.context.newPage();
  await signIn(page, stack.consoleUrl, owner);
  await page.close();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function phonePage(language: 'en' | 'de'): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize(PHONE);
  await page.setExtraHTTPHeaders({ 'Accept-Language': language === 'de' ? 'de-DE,de;q=0.9,en;q=0.5' : 'en' });
  return page;
}
const overflow = async (p: Page) =>
  Number(await p.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
const dashboardUrl = (siteId: string) => `${stack.consoleUrl}/my/${siteId}`;
const states = async (p: Page) =>
  p.evaluate<(string | null)[]>(
    "[...document.querySelectorAll('[data-charge-point]')].map((e) => e.getAttribute('data-state'))",
  );

/** PNG width and height from the IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('site owner dashboard, end to end (390 px)', () => {
  it('opens the owner’s one site from /my (the app’s start page); another site is not found', async () => {
    const p = await phonePage('en');
    await p.goto(`${stack.consoleUrl}/my`);
    // A site owner's list holds only their own site, so the start page goes straight to it.
    expect(new URL(p.url()).pathname).toBe(`/my/${site.id}`);
    const other = demoSites.find((s) => s.id !== site.id)!;
    const res = await p.goto(dashboardUrl(other.id));
    expect(await p.locator('[data-testid="owner-dashboard"]').count()).toBe(0);
    expect(res?.status()).not.toBe(500);
    await p.close();
  });

  it('shows live power, per-phase current against the limit and every charge point, fitting the phone', async () => {
    const p = await phonePage('en');
    await p.goto(dashboardUrl(site.id));
    await p.locator('[data-testid="owner-dashboard"]').waitFor();
    await expect
      .poll(async () => (await states(p)).length, { timeout: 60_000 })
      .toBe(demoChargePointIds(site).length);
    // States arrive by themselves (the page re-renders on the server every 10 s).
    await expect
      .poll(async () => (await states(p)).every((s) => s !== 'unknown'), { timeout: 60_000 })
      .toBe(true);
    await expect
      .poll(() => p.locator('[data-testid="limit"]').textContent(), { timeout: 60_000 })
      // One figure when the phases' limits are equal, else L1 / L2 / L3 (a meter's headroom differs per phase).
      .toMatch(/^\d+\.\d A( \/ \d+\.\d A){0,2} per phase$/);
    expect(await p.locator('[data-testid="power-now"]').textContent()).toMatch(/^(\d[\d,]*\.\d kW|–)$/);
    for (const phase of ['l1', 'l2', 'l3'])
      expect(await p.locator(`[data-testid="current-${phase}"]`).textContent()).toMatch(/^\d+\.\d A$/);
    expect(await p.locator('[data-testid="sessions-today"]').textContent()).toMatch(/^\d+$/);
    expect(await p.locator('[data-testid="energy-month"]').textContent()).toMatch(/^\d[\d,]*\.\d kWh$/);
    expect(await p.locator('[data-testid="schedule"]').textContent()).toBe('No schedule set');
    expect(await p.locator('[data-testid="energy-chart"]').getAttribute('aria-label')).toMatch(
      /^Energy per day in /,
    );
    // Large numbers: the live power is at least 32 px high on the phone.
    const fontPx = Number(
      await p.evaluate(
        'parseFloat(getComputedStyle(document.querySelector(\'[data-testid="power-now"]\')).fontSize)',
      ),
    );
    expect(fontPx).toBeGreaterThanOrEqual(32);
    expect(await overflow(p)).toBeLessThanOrEqual(0);
    await p.screenshot({ path: `${SHOTS}/dashboard-en-390.png`, fullPage: true });
    await p.close();
  }, 180_000);

  it('links a valid web app manifest whose icons load at their declared sizes', async () => {
    const p = await phonePage('en');
    await p.goto(dashboardUrl(site.id));
    const href = await p.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBe('/my/manifest.webmanifest');
    expect(await p.locator('meta[name="theme-color"]').getAttribute('content')).toMatch(/^#[0-9a-f]{6}$/i);
    const response = await fetch(new URL(href!, stack.consoleUrl));
    expect(response.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    const manifest = (await response.json()) as {
      name: string;
      short_name: string;
      start_url: string;
      display: string;
      theme_color: string;
      icons: { src: string; sizes: string; type: string; purpose?: string }[];
    };
    expect(manifest).toMatchObject({ start_url: '/my', display: 'standalone' });
    expect(manifest.name.length).toBeGreaterThan(0);
    expect(manifest.short_name.length).toBeLessThanOrEqual(12);
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    const sizes = new Set(manifest.icons.map((i) => `${i.sizes} ${i.purpose ?? 'any'}`));
    for (const needed of ['192x192 any', '512x512 any', '512x512 maskable']) expect(sizes).toContain(needed);
    for (const icon of manifest.icons) {
      const r = await fetch(new URL(icon.src, stack.consoleUrl));
      expect(r.status, icon.src).toBe(200);
      expect(r.headers.get('content-type')).toBe('image/png');
      const { width, height } = pngSize(Buffer.from(await r.arrayBuffer()));
      expect(`${width}x${height}`).toBe(icon.sizes);
    }
    // The fleet console is not the installable owner app.
    const console = await browser.context.newPage();
    await console.goto(`${stack.consoleUrl}/sites`);
    expect(await console.locator('link[rel="manifest"]').count()).toBe(0);
    await console.close();
    await p.close();
  });

  it('speaks German to a German phone, numbers with a decimal comma', async () => {
    const p = await phonePage('de');
    await p.goto(dashboardUrl(site.id));
    await p.locator('[data-testid="owner-dashboard"]').waitFor();
    expect(await p.locator('#cps-title').textContent()).toBe('Ladepunkte');
    expect(await p.locator('[data-testid="schedule"]').textContent()).toBe('Kein Zeitplan festgelegt');
    expect(await p.locator('[data-testid="current-l1"]').textContent()).toMatch(/^\d+,\d A$/);
    expect(await p.locator('[data-testid="owner-dashboard"]').getAttribute('lang')).toBe('de');
    expect(await overflow(p)).toBeLessThanOrEqual(0);
    await p.screenshot({ path: `${SHOTS}/dashboard-de-390.png`, fullPage: true });
    await p.close();
  });

  it('pauses charging at a charging charge point and resumes it', async () => {
    const p = await phonePage('en');
    // Wait for an EV charging at the owner's site.
    let charging: { siteId: string; chargePointId: string } | undefined;
    await expect
      .poll(
        async () => {
          for (const s of [site]) {
            await p.goto(dashboardUrl(s.id));
            const id = await p
              .locator('[data-charge-point][data-state="charging"]')
              .first()
              .getAttribute('data-charge-point', { timeout: 1_000 })
              .catch(() => null);
            if (id) charging = { siteId: s.id, chargePointId: id };
            if (charging) return true;
          }
          return false;
        },
        { timeout: 120_000, interval: 2_000 },
      )
      .toBe(true);
    const row = p.locator(`[data-charge-point="${charging!.chargePointId}"]`);
    await row.getByRole('button', { name: 'Pause charging' }).click();
    // Command → agent → SetChargingProfile 0 A → SuspendedEVSE → the owner reads "Paused by you".
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 60_000 }).toBe('paused');
    expect(await row.getByTestId('cp-state').textContent()).toBe('Paused by you');
    await p.screenshot({ path: `${SHOTS}/dashboard-paused-390.png`, fullPage: true });
    await row.getByRole('button', { name: 'Resume charging' }).click();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 60_000 }).not.toBe('paused');
    await expect
      .poll(() => row.getByRole('button').textContent(), { timeout: 30_000 })
      .toBe('Pause charging');
    await p.close();
  }, 240_000);
});
