import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

// Debian's chromium driven by playwright-core: never a downloaded browser. Flags keep it off the network.
export const CHROMIUM = process.env.AMPFLEET_CHROMIUM ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Signs in through the console's own sign-in form, as a person would; resolves once the form is gone. */
export async function signIn(
  page: Page,
  consoleUrl: string,
  person: { email: string; password: string },
): Promise<void> {
  await page.goto(`${consoleUrl}/sign-in`);
  await page.fill('input[name="email"]', person.email);
  await page.fill('input[name="password"]', person.password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/sign-in')),
    page.click('button[type="submit"]'),
  ]);
}

/** Signs out with the top bar's button. */
export async function signOut(page: Page): Promise<void> {
  await Promise.all([page.waitForURL(/\/sign-in/), page.click('.user-menu button[type="submit"]')]);
}
