import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Site } from '@ampfleet/domain';

// The demo fleet `npm start` runs: one organisation, the sites in ../demo-sites/*.json — site
// configurations in the domain's Site schema, modelled on the manual's use cases. Everything the demo
// runs (ECU and meter simulators, edge agent configs, the stored desired configuration) is projected
// from them (services/domain/src/site/projections).

export const DEMO_ORG_ID = 'demo';
export const DEMO_SITES_DIR = fileURLToPath(new URL('../demo-sites/', import.meta.url));

/** Thrown when a demo site file is not a valid Site; names the file and the bad field. */
export class DemoSiteError extends Error {
  override readonly name = 'DemoSiteError';
}

export function loadDemoSite(file: string): Site {
  const parsed = Site.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new DemoSiteError(`${file}: ${issues}`, { cause: parsed.error });
  }
  return parsed.data;
}

/** The demo sites, in file-name order. */
export function loadDemoSites(dir: string = DEMO_SITES_DIR): Site[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => loadDemoSite(`${dir}${name}`));
}

export const demoSites: readonly Site[] = loadDemoSites();

/** The site's charge point ids, in site order. */
export function demoChargePointIds(site: Site): string[] {
  return site.stations.flatMap((s) => s.ecus.map((e) => e.chargePointId));
}

/** The demo site's RFID cards: the edge agent's local authorization list; the EVs use them. */
export function demoIdTags(siteId: string): string[] {
  const prefix = siteId.slice(0, 3).toUpperCase();
  return Array.from({ length: 8 }, (_, i) => `${prefix}-CARD-${String(i + 1).padStart(2, '0')}`);
}
