import { mkdir, readFile } from 'node:fs/promises';
import { LOAD_HISTORY_CSV_HEADER, simulatorsOf } from '@ampfleet/domain';
import { demoSites, freePort, startLocalStack, type LocalStack } from '@ampfleet/local';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signIn } from '../support/browser';

// The Load tab as `npm start` serves it, in headless chromium: the chart canvas with its limit lines
// (asserted on data attributes and the legend, not pixels), the ranges, a small what-if run to 100 %,
// the CSV download of the range on screen; screenshots at 1,400 and 390 px in English and German.
let stack: LocalStack;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
const SHOTS = '/tmp/shots';
const site = demoSites.find((s) => simulatorsOf(s).dlm !== undefined)!;
const loadTab = () => `${stack.consoleUrl}/sites/${site.id}?tab=load`;
const pageOverflow = async (p: Page) =>
  Number(await p.evaluate('document.documentElement.scrollWidth - window.innerWidth'));

beforeAll(async () => {
  stack = await startLocalStack({ consolePort: await freePort(), quiet: true });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  const person = stack.demoIdentities.find((p) => p.role === 'fleet-manager' && p.orgId === 'demo')!;
  await signIn(page, stack.consoleUrl, person);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('Load tab, end to end', () => {
  it('draws the per-phase current against every limit, switches ranges, downloads the CSV', async () => {
    await page.goto(loadTab());
    const chart = page.locator('[data-testid="load-chart"]').first();
    await chart.waitFor();
    await expect
      .poll(() => chart.locator('[data-chart-ready="true"] canvas').count(), { timeout: 60_000 })
      .toBe(1);
    expect(await chart.getAttribute('data-limits')).toContain('evseSubDistribution');
    expect(await chart.locator('.limit-legend [data-limit="evseSubDistribution"]').count()).toBe(1);
    expect(await chart.locator('.limit-legend [data-limit="mainConnection"]').count()).toBe(1);
    // The demo's DLM master reports every 30 s: the last hour fills with minute points.
    await page.locator('[data-range="1h"]').click();
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.locator('[data-range="1h"]').click();
          return Number(
            await page
              .locator('[data-testid="load-chart"][data-range="1h"]')
              .first()
              .getAttribute('data-points'),
          );
        },
        { timeout: 120_000, interval: 5_000 },
      )
      .toBeGreaterThan(0);
    for (const range of ['24h', '7d', '30d'] as const) {
      await page.locator(`[data-range="${range}"]`).click();
      await page
        .locator(`[data-testid="load-chart"][data-range="${range}"] [data-chart-ready="true"] canvas`)
        .first()
        .waitFor();
    }
    expect(await page.locator('[data-testid="load-resolution"]').getAttribute('data-source')).toBe('hour');
    await page.locator('[data-range="1h"]').click();
    await page.locator('[data-testid="load-chart"][data-range="1h"]').first().waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="load-csv"]').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`load-${site.id}-1h.csv`);
    const csv = await readFile(await download.path(), 'utf8');
    const [header, ...rows] = csv.trimEnd().split('\r\n');
    expect(header).toBe(LOAD_HISTORY_CSV_HEADER.join(','));
    expect(rows.length).toBeGreaterThan(0);
  }, 300_000);

  it('runs a small what-if to 100 % and draws its result', async () => {
    await page.goto(loadTab());
    const panel = page.locator('[data-testid="what-if"]');
    await panel.locator('input[name="additionalChargePoints"]').fill('2');
    await panel.locator('button[type="submit"]').click();
    const progress = panel.locator('[data-testid="what-if-progress"]');
    await expect
      .poll(() => progress.getAttribute('data-percent'), { timeout: 180_000, interval: 1_000 })
      .toBe('100');
    expect(await progress.getAttribute('max')).toBe('3');
    await panel.locator('[data-testid="what-if-chart"] [data-chart-ready="true"] canvas').waitFor();
    expect(await panel.locator('[data-testid="what-if-table"] tbody tr').count()).toBe(3);
  }, 240_000);

  it('saves a peak cap through its editor (load.setPeakCap) and shows it as the setting in force', async () => {
    await page.goto(loadTab());
    const editors = page.locator('[data-testid="load-editors"]');
    await editors.waitFor();
    expect(await editors.getAttribute('data-wired')).toBe('true');
    await expect.poll(() => editors.locator('fieldset[disabled]').count(), { timeout: 30_000 }).toBe(0);
    const form = editors.locator('form', { has: page.locator('input[name="peakCapKw"]') });
    await form.locator('input[name="peakCapKw"]').fill('5000.5');
    await form.locator('button[type="submit"]').click();
    // Checked against the hardware before anything is sent: the out-of-range value names its field.
    expect(await page.locator('[data-testid="load-editors-outcome"]').count()).toBe(0);
    await form.locator('input[name="peakCapKw"]').fill('30');
    await form.locator('button[type="submit"]').click();
    await page.locator('[data-testid="load-editors-outcome"][role="status"]').waitFor({ timeout: 30_000 });
    await page.reload();
    await expect
      .poll(() => page.locator('input[name="peakCapKw"]').inputValue(), { timeout: 30_000 })
      .toBe('30');
  }, 120_000);

  for (const locale of ['en', 'de'] as const)
    for (const [width, height] of [
      [1400, 900],
      [390, 844],
    ] as const)
      it(`fits ${width} px in ${locale} (screenshot)`, async () => {
        await mkdir(SHOTS, { recursive: true });
        const p = await browser.context.newPage();
        await p.setViewportSize({ width, height });
        if (locale === 'de') await p.setExtraHTTPHeaders({ 'Accept-Language': 'de-DE,de;q=0.9' });
        try {
          await p.goto(loadTab());
          await p.locator('[data-testid="load-chart"] [data-chart-ready="true"] canvas').first().waitFor();
          expect(await p.locator('html').getAttribute('lang')).toBe(locale);
          await p.screenshot({ path: `${SHOTS}/load-${locale}-${width}.png`, fullPage: true });
          if (width <= 390) expect(await pageOverflow(p)).toBeLessThanOrEqual(0);
        } finally {
          await p.close();
        }
      }, 120_000);
});
