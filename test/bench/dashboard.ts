import { demoSites, freePort, startLocalStack } from '@ampfleet/local';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import type { Report } from './report';

// The JavaScript a phone downloads to open the site owner's dashboard, beside the fleet console's site
// page for the same site: a production build (`next build` + `next start`, gzip as served), counted by
// chromium itself (CDP encodedDataLength = bytes on the wire, headers included) with the cache off.

interface Loaded {
  scripts: number;
  transferredKb: number;
  uncompressedKb: number;
  /** Bytes on the wire per script URL. */
  byUrl: Map<string, number>;
}

async function scriptsOf(page: Page, url: string): Promise<Loaded> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const scripts = new Map<string, { url: string; wire: number; body: number }>();
  cdp.on('Network.responseReceived', (e) => {
    if (e.type === 'Script') scripts.set(e.requestId, { url: e.response.url, wire: 0, body: 0 });
  });
  cdp.on('Network.dataReceived', (e) => {
    const s = scripts.get(e.requestId);
    if (s) s.body += e.dataLength;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const s = scripts.get(e.requestId);
    if (s) s.wire = e.encodedDataLength;
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(1500); // chunks loaded after hydration
  await cdp.detach();
  const all = [...scripts.values()];
  const kb = (n: number) => n / 1024;
  return {
    scripts: all.length,
    transferredKb: kb(all.reduce((sum, s) => sum + s.wire, 0)),
    uncompressedKb: kb(all.reduce((sum, s) => sum + s.body, 0)),
    byUrl: new Map(all.map((s) => [s.url, s.wire])),
  };
}

export async function benchDashboard(report: Report): Promise<void> {
  const stack = await startLocalStack({ consolePort: await freePort(), quiet: true });
  const browser = await launchBrowser();
  try {
    const site = demoSites[0]!.id;
    const measure = async (path: string) => {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      try {
        return await scriptsOf(page, `${stack.consoleUrl}${path}`);
      } finally {
        await page.close();
      }
    };
    const dashboard = await measure(`/my/${site}`);
    const console = await measure(`/sites/${site}`);
    report({
      name: 'owner dashboard JS, transferred (gzip)',
      n: dashboard.scripts,
      engineMedianMs: dashboard.transferredKb,
      referenceMedianMs: console.transferredKb,
      ratio: console.transferredKb / dashboard.transferredKb,
      unit: 'kB',
      note: `reference: the console's site page /sites/${site} (${console.scripts} scripts)`,
    });
    // What each page adds to the framework both load (React, the Next.js runtime): the route's own code.
    const own = (page: Loaded, other: Loaded) =>
      [...page.byUrl].filter(([url]) => !other.byUrl.has(url)).reduce((sum, [, b]) => sum + b, 0) / 1024;
    const dashboardOwn = own(dashboard, console);
    const consoleOwn = own(console, dashboard);
    report({
      name: "owner dashboard's own JS beyond the framework",
      n: [...dashboard.byUrl.keys()].filter((u) => !console.byUrl.has(u)).length,
      engineMedianMs: dashboardOwn,
      referenceMedianMs: consoleOwn,
      ratio: consoleOwn / dashboardOwn,
      unit: 'kB',
      note: `shared framework: ${(dashboard.transferredKb - dashboardOwn).toFixed(0)} kB`,
    });
    report({
      name: 'owner dashboard JS, uncompressed',
      n: dashboard.scripts,
      engineMedianMs: dashboard.uncompressedKb,
      referenceMedianMs: console.uncompressedKb,
      ratio: console.uncompressedKb / dashboard.uncompressedKb,
      unit: 'kB',
    });
  } finally {
    await browser.close();
    await stack.stop();
  }
}
