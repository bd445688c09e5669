import { mkdir } from 'node:fs/promises';
import { simulatorsOf, type EcuConfig, type Site } from '@ampfleet/domain';
import { demoSites, freePort, startLocalStack, type LocalStack } from '@ampfleet/local';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signIn } from '../support/browser';

// The Drift tab end to end, the whole system as `npm start` runs it: a changed desired value (saved
// through config.save) drifts from what the simulated DLM master reports; "apply desired" sends it as
// ChangeConfiguration; the tab follows the run by itself until the ECU reports the new value and the
// drift clears. The edit step is one function (`editStep`): the Configuration tab's e2e can swap it.

let stack: LocalStack;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
const SHOTS = '/tmp/shots';

/** A demo site with a DLM master, and the master's charge point id. */
const target = (() => {
  for (const site of demoSites) {
    const master = simulatorsOf(site).ecus[0];
    if (simulatorsOf(site).dlm !== undefined && master) return { site, chargePointId: master.id };
  }
  throw new Error('no demo site with a DLM master');
})();
const PARAM = 'operatorEvseSubDistributionLimit';

beforeAll(async () => {
  stack = await startLocalStack({ consolePort: await freePort(), quiet: true });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  const person = stack.demoIdentities.find((p) => p.role === 'fleet-manager' && p.orgId === 'demo');
  if (!person) throw new Error('no demo fleet manager');
  await signIn(page, stack.consoleUrl, person);
  await mkdir(SHOTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** A procedure over the console's own HTTP endpoint with the page's session (no batching, no transformer). */
async function procedure<T>(p: Page, name: string, input: unknown, mutation = false): Promise<T> {
  return p.evaluate(
    async ({ name, input, mutation }) => {
      const url = `/api/trpc/${name}${mutation ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`;
      const response = await fetch(url, {
        method: mutation ? 'POST' : 'GET',
        headers: { 'content-type': 'application/json' },
        ...(mutation && { body: JSON.stringify(input) }),
      });
      const body = (await response.json()) as { result?: { data: unknown }; error?: unknown };
      if (!response.ok) throw new Error(`${name}: ${JSON.stringify(body.error)}`);
      return body.result?.data as T;
    },
    { name, input, mutation },
  );
}

/**
 * The edit step: saves one ECU's parameter as a new desired version (config.save) and returns the value
 * as the drift shows it. The Configuration tab's e2e does the same in the editor.
 */
async function editStep(p: Page, siteId: string, chargePointId: string, amps: number): Promise<string> {
  await saveEcuConfig(p, siteId, chargePointId, { [PARAM]: { l1: amps, l2: amps, l3: amps } });
  return `(${amps}/${amps}/${amps})`;
}

async function saveEcuConfig(
  p: Page,
  siteId: string,
  chargePointId: string,
  patch: EcuConfig,
): Promise<void> {
  const head = await procedure<{ version: number; site: Site }>(p, 'config.get', { siteId });
  const ecu = head.site.stations.flatMap((s) => s.ecus).find((e) => e.chargePointId === chargePointId);
  if (!ecu) throw new Error(`${chargePointId} not in ${siteId}`);
  ecu.config = { ...ecu.config, ...patch };
  await procedure(
    p,
    'config.save',
    { siteId, baseVersion: head.version, site: head.site, comment: 'drift e2e' },
    true,
  );
}

const driftTab = (siteId: string) => `${stack.consoleUrl}/sites/${encodeURIComponent(siteId)}?tab=drift`;
const ecuCard = (p: Page) => p.locator(`[data-testid="drift-ecu-${target.chargePointId}"]`);
const pageOverflow = async (p: Page) =>
  Number(await p.evaluate('document.documentElement.scrollWidth - window.innerWidth'));

describe('Drift tab, end to end', () => {
  it('applies a saved change to the simulated ECU and watches the drift clear', async () => {
    const { site, chargePointId } = target;
    // The master has reported its configuration (after its boot) and the parameter is in sync.
    await expect
      .poll(
        async () => {
          await page.goto(driftTab(site.id));
          await ecuCard(page).waitFor();
          return ecuCard(page).getAttribute('data-reported');
        },
        { timeout: 120_000, interval: 2_000 },
      )
      .toBe('true');
    expect(await ecuCard(page).locator(`tr[data-param="${PARAM}"]`).count()).toBe(0);

    const limit = simulatorsOf(site).dlm?.subDistributionLimitA ?? 32;
    const shown = await editStep(page, site.id, chargePointId, Math.max(6, Math.floor(limit / 2)));
    await page.goto(driftTab(site.id));
    const row = ecuCard(page).locator(`tr[data-param="${PARAM}"]`);
    await row.waitFor();
    expect(await row.locator('td').nth(1).textContent()).toBe(shown);

    await ecuCard(page).locator('button').click();
    // Only when other Save & Restart parameters of this ECU drift: apply the runtime ones only.
    const dialog = page.locator('[data-testid="drift-confirm"]');
    if (await dialog.isVisible()) await dialog.locator('button').nth(1).click();
    // No reload from here: the tab follows the run by itself.
    await expect
      .poll(() => ecuCard(page).locator('[data-testid="drift-progress"]').getAttribute('data-status'), {
        timeout: 120_000,
      })
      .toMatch(/^(done|reboot-required)$/);
    await expect.poll(() => row.count(), { timeout: 60_000 }).toBe(0);
    const progress = await ecuCard(page).locator('[data-testid="drift-progress"]').textContent();
    expect(progress).toContain(shown);
    await page.screenshot({ path: `${SHOTS}/drift-applied-1400.png`, fullPage: true });
  }, 360_000);

  it('shows drift, the Save & Restart confirmation and progress in English and German at 1,400 and 390 px', async () => {
    const { site, chargePointId } = target;
    // Values that stay drifted for the pictures (not applied), one of them Save & Restart.
    await editStep(page, site.id, chargePointId, 6);
    await saveEcuConfig(page, site.id, chargePointId, { dlmSampleRate: 60 });
    for (const locale of ['en', 'de'] as const)
      for (const [width, height] of [
        [1400, 900],
        [390, 844],
      ] as const) {
        const p = await browser.context.newPage();
        try {
          await p.setViewportSize({ width, height });
          await p.setExtraHTTPHeaders({ 'Accept-Language': locale === 'de' ? 'de-DE,de;q=0.9' : 'en' });
          await p.goto(driftTab(site.id));
          await ecuCard(p).locator(`tr[data-param="${PARAM}"]`).waitFor();
          expect(await p.locator('html').getAttribute('lang')).toBe(locale);
          await p.screenshot({ path: `${SHOTS}/drift-${locale}-${width}.png`, fullPage: true });
          if (width <= 390) expect(await pageOverflow(p)).toBeLessThanOrEqual(0);
          await ecuCard(p).locator('button').click();
          const dialog = p.locator('[data-testid="drift-confirm"]');
          await dialog.waitFor();
          expect(await dialog.textContent()).toContain('DLM Algorithm Sample Rate');
          await p.screenshot({ path: `${SHOTS}/drift-confirm-${locale}-${width}.png` });
          await dialog.locator('button').nth(2).click();
          await dialog.waitFor({ state: 'hidden' });
        } finally {
          await p.close();
        }
      }
  }, 240_000);
});
