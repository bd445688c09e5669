import { mkdir } from 'node:fs/promises';
import { demoSites, freePort, startLocalStack, type LocalStack } from '@ampfleet/local';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signIn } from '../support/browser';

// The Configuration and Audit tabs, end to end (issue #12 points 4 and 8): the local stack as `npm start`
// runs it (one start for the file, without the simulated ECUs: nothing here needs telemetry), seen
// through headless chromium as the demo fleet manager. A parameter edit shows its finding in the live
// audit preview, is saved as a new version with its comment, shows in History and in the Audit tab,
// whose link leads back to the field; a bad value is named at its field and nothing is saved.

let stack: LocalStack;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

const SHOTS = '/tmp/shots';
/** Generous: the machine may be busy; never a timing assertion. */
const POLL = { timeout: 30_000 };
const RULE = 'dlm.operator-current-limit-allows-charging';
// The first demo site's first ECU (its section is open when the tab opens).
const site = demoSites[0]!;
const station = site.stations[0]!;
const ecu = station.ecus[0]!;
const anchor = `param:${station.id}/${ecu.chargePointId}/operatorCurrentLimit`;
const paramPath = `stations[${station.id}].ecus[${ecu.chargePointId}].config.operatorCurrentLimit`;
const configUrl = () => `${stack.consoleUrl}/sites/${site.id}?tab=configuration`;

beforeAll(async () => {
  stack = await startLocalStack({ consolePort: await freePort(), quiet: true, demo: false });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  const manager = stack.demoIdentities.find((p) => p.role === 'fleet-manager' && p.orgId === 'demo');
  if (!manager) throw new Error('no demo fleet manager');
  await signIn(page, stack.consoleUrl, manager);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The version the tab shows, once it has loaded. */
async function openConfiguration(p: Page): Promise<number> {
  await p.goto(configUrl());
  const tab = p.locator('[data-testid="configuration"]');
  await tab.waitFor();
  return Number(await tab.getAttribute('data-version'));
}
const field = (p: Page): Locator => p.locator(`[id="${anchor}:input"]`);
const historyRows = (p: Page) => p.locator('[data-testid="config-history"] tr[data-version]');
const pageOverflow = async (p: Page) =>
  Number(await p.evaluate('document.documentElement.scrollWidth - window.innerWidth'));

describe('configuration editor, end to end', () => {
  it('names the parameter as the ECU’s firmware does, grouped and marked as in its web interface', async () => {
    await openConfiguration(page);
    const row = page.locator(`[id="${anchor}"]`);
    expect(await row.locator('th').textContent()).toContain('Operator Current Limit [A]');
    expect(await row.locator('[data-apply]').getAttribute('data-apply')).toBe('saveAndRestart');
    const section = page.locator(`details[data-ecu="${ecu.chargePointId}"]`);
    expect(await section.locator('h4').allTextContents()).toEqual(['Operator', 'Settings']);
  });

  it('refuses a bad value at its field, by name, and saves nothing', async () => {
    const version = await openConfiguration(page);
    await historyRows(page).first().waitFor();
    const versions = await historyRows(page).count();
    await field(page).fill('99');
    const error = page.locator(`[id="${anchor}"] [data-testid="field-error"]`);
    expect(await error.textContent()).toBe(
      `Operator Current Limit [A] (${ecu.chargePointId}): must be from 0 to 80 A`,
    );
    expect(await page.locator('[data-testid="preview-state"]').textContent()).toMatch(
      /Fix the marked fields/,
    );
    await page.locator('[data-testid="save"]').click();
    expect(await page.locator('[data-testid="save-status"]').textContent()).toBe(
      '1 field needs fixing first. Nothing was saved.',
    );
    // Nothing was saved: a fresh load shows the same version and history.
    expect(await openConfiguration(page)).toBe(version);
    await historyRows(page).first().waitFor();
    expect(await historyRows(page).count()).toBe(versions);
    expect(await field(page).inputValue()).toBe(String(ecu.config.operatorCurrentLimit ?? ''));
  });

  it('previews the finding an edit causes, saves it with a comment, lists it in History and Audit', async () => {
    const version = await openConfiguration(page);
    await field(page).fill('3');
    const preview = page.locator('[data-testid="preview"]');
    const previewed = preview.locator(`[data-finding="${RULE}"][data-path="${paramPath}"]`);
    await previewed.waitFor();
    expect(await previewed.locator('.badge').allTextContents()).toEqual(['Warning', 'new']);
    expect(await previewed.textContent()).toContain('Set it to at least 6 A');
    await mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/configuration-preview-1400.png`, fullPage: true });

    await page.locator('input[name="comment"]').fill('e2e: limit 3 A');
    await page.locator('[data-testid="save"]').click();
    await expect
      .poll(() => page.locator('[data-testid="save-status"]').textContent(), POLL)
      .toBe(`Saved as version ${version + 1}.`);
    await expect
      .poll(() => page.locator('[data-testid="configuration"]').getAttribute('data-version'), POLL)
      .toBe(String(version + 1));

    const saved = historyRows(page).filter({ hasText: 'e2e: limit 3 A' });
    await saved.waitFor();
    expect(await saved.getAttribute('data-version')).toBe(String(version + 1));
    // The default diff is the latest change: this one parameter, old → new.
    const change = page.locator(`[data-testid="config-diff"] tr[data-path="${paramPath}"]`);
    await change.waitFor();
    expect(await change.textContent()).toContain('→ 3');

    await page.locator('[role="tab"]', { hasText: 'Audit' }).click();
    await page.waitForURL(/tab=audit/);
    const finding = page.locator(`[data-testid="audit"] [data-finding="${RULE}"][data-path="${paramPath}"]`);
    await finding.waitFor();
    expect(await finding.textContent()).toContain('§7.4');
    await Promise.all([page.waitForURL(/tab=configuration/), finding.locator('a').click()]);
    await expect
      .poll(() => page.evaluate('document.activeElement && document.activeElement.id').then(String), POLL)
      .toBe(`${anchor}:input`);
  });

  it('keeps the edits of a stale save and puts them on the latest version', async () => {
    const other = await browser.context.newPage();
    try {
      const version = await openConfiguration(page);
      await openConfiguration(other);
      await field(page).fill('12');
      await field(other).fill('14');
      await other.locator('[data-testid="save"]').click();
      await expect
        .poll(() => other.locator('[data-testid="save-status"]').textContent(), POLL)
        .toBe(`Saved as version ${version + 1}.`);

      await page.locator('[data-testid="save"]').click();
      const conflict = page.locator('[data-testid="conflict"]');
      await conflict.waitFor();
      expect(await conflict.textContent()).toContain(`Version ${version} is no longer the latest`);
      await conflict.locator('button').click();
      await expect.poll(() => conflict.textContent(), POLL).toContain('Also changed by someone else');
      expect(await field(page).inputValue()).toBe('12');
      await page.locator('[data-testid="save"]').click();
      await expect
        .poll(() => page.locator('[data-testid="save-status"]').textContent(), POLL)
        .toBe(`Saved as version ${version + 2}.`);
    } finally {
      await other.close();
    }
  });

  for (const [locale, width, height] of [
    ['en', 1400, 900],
    ['en', 390, 844],
    ['de', 1400, 900],
    ['de', 390, 844],
  ] as const) {
    it(`fits ${width} px in ${locale}: both tabs (screenshots)`, async () => {
      await browser.context.addCookies([{ name: 'NEXT_LOCALE', value: locale, url: stack.consoleUrl }]);
      const p = await browser.context.newPage();
      try {
        await p.setViewportSize({ width, height });
        await openConfiguration(p);
        await field(p).fill('2');
        await p.locator('[data-testid="preview"]').waitFor();
        await p.screenshot({ path: `${SHOTS}/configuration-${locale}-${width}.png`, fullPage: true });
        expect(await pageOverflow(p)).toBeLessThanOrEqual(0);
        await p.goto(`${stack.consoleUrl}/sites/${site.id}?tab=audit`);
        await p.locator('[data-testid="audit"] [data-finding]').first().waitFor();
        await p.screenshot({ path: `${SHOTS}/audit-${locale}-${width}.png`, fullPage: true });
        expect(await pageOverflow(p)).toBeLessThanOrEqual(0);
      } finally {
        await p.close();
        await browser.context.clearCookies({ name: 'NEXT_LOCALE' });
      }
    });
  }
});
