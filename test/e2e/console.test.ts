import { HealthResponse, simulatorsOf, type Site } from '@ampfleet/domain';
import { demoChargePointIds, demoSites, freePort, startLocalStack, type LocalStack } from '@ampfleet/local';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
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
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const health = async () => HealthResponse.parse(await (await fetch(`${stack.consoleUrl}/api/health`)).json());

describe('console, end to end', () => {
  it('answers /api/health from the stored data', async () => {
    const h = await eventually(async () => {
      const r = await health();
      return r.chargePoints === demoChargePoints && r.lastTelemetryAt ? r : undefined;
    }, 'every demo charge point to report');
    expect(h).toMatchObject({ status: 'ok', sites: demoSites.length, chargePoints: demoChargePoints });
    expect(Date.parse(h.lastTelemetryAt ?? '')).not.toBeNaN();
  });

  it('lists the fleet and shows live data from the simulated sites arriving by itself', async () => {
    await page.goto(stack.consoleUrl);
    await page.locator('[data-testid="fleet"]').waitFor();
    for (const site of demoSites) {
      await expect
        .poll(() => page.locator(`section[data-site="${site.id}"] tbody tr`).count(), { timeout: 60_000 })
        .toBe(demoChargePointIds(site).length);
    }
    // Connector states come from OCPP StatusNotification, via MQTT, the ingest handler and DynamoDB.
    await expect
      .poll(() => page.locator('[data-testid="connector-status"]').allTextContents(), { timeout: 60_000 })
      .not.toContain('Unknown');
    // An EV charging shows a non-zero per-phase current; the page is never reloaded.
    await expect
      .poll(
        async () =>
          (await page.locator('[data-testid="current-import"]').allTextContents()).some((t) =>
            /[1-9]\d*\.\d A/.test(t),
          ),
        {
          timeout: 120_000,
        },
      )
      .toBe(true);
    // And it keeps updating on its own: a site's last-telemetry time moves forward within seconds.
    const before = await page.locator('[data-testid="fleet"]').getAttribute('data-generated-at');
    await expect
      .poll(() => page.locator('[data-testid="fleet"]').getAttribute('data-generated-at'), { timeout: 5_000 })
      .not.toBe(before);
    const h1 = await health();
    await expect
      .poll(
        async () => Date.parse((await health()).lastTelemetryAt ?? '') > Date.parse(h1.lastTelemetryAt ?? ''),
        { timeout: 30_000 },
      )
      .toBe(true);
  });

  it('shows each site’s DLM network: effective limit from the master’s configuration, meter connected', async () => {
    for (const site of demoSites) {
      const panel = page.locator(`section[data-site="${site.id}"] [data-dlm-network]`);
      await expect
        .poll(() => panel.locator('[data-testid="meter-status"]').textContent(), { timeout: 60_000 })
        .toBe('meter connected');
      // The limit is read from the master with GetConfiguration: min(sub-distribution, operator) per phase.
      const { subDistributionLimitA, operatorLimitA } = dlmOf(site);
      const limit = Math.min(subDistributionLimitA, operatorLimitA);
      await expect
        .poll(() => panel.locator('[data-testid="dlm-effective-limit"]').textContent(), { timeout: 60_000 })
        .toMatch(new RegExp(`^(\\d+\\.\\d A){3}$`));
      const text = (await panel.locator('[data-testid="dlm-effective-limit"]').textContent()) ?? '';
      for (const a of text.match(/\d+\.\d/g) ?? []) expect(Number(a)).toBeLessThanOrEqual(limit);
    }
  }, 180_000);

  it("sets a site's operator limit from its card and shows the command's result", async () => {
    const site = demoSites[0]!;
    // The demo site's DLM master, as projected from its configuration.
    const { master, subDistributionLimitA } = dlmOf(site);
    const card = page.locator(`section[data-site="${site.id}"] [data-testid="operator-limit"]`);
    await card.locator('select[name="chargePointId"]').selectOption(master);
    await card.locator('input[name="amps"]').fill(String(subDistributionLimitA + 1));
    await card.locator('button[type="submit"]').click();
    const status = card.locator('[data-testid="operator-limit-status"]');
    await expect
      .poll(() => status.textContent(), { timeout: 60_000 })
      .toMatch(/^refused — .*EVSE Sub-Distribution Limit/);
    await card.locator('input[name="amps"]').fill('10');
    await card.locator('button[type="submit"]').click();
    await expect.poll(() => status.textContent(), { timeout: 60_000 }).toMatch(/^accepted/);
  });

  it('fits a phone screen (site owners use it on mobile)', async () => {
    const phone = await browser.context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(stack.consoleUrl);
    await phone.locator('[data-testid="fleet"]').waitFor();
    const overflow = Number(await phone.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.close();
  });
});
