import { auditSite, summarizeFindings, type Site } from '@ampfleet/domain';
import type { UseCaseContext } from '../ports';
import { firstVersion } from './config/desired-config';

/**
 * Registers a site from its configuration: stores it as version 1 of the site's desired configuration
 * when the site has none (a repeated registration, e.g. every `npm start`, keeps the saved versions), and on the
 * site item its name, address, tags, time zone, the configured ECU firmware versions and its audit
 * findings counted once here (the list's "has findings" filter).
 */
export async function registerSite(
  { repos, clock }: Pick<UseCaseContext, 'repos'> & Partial<Pick<UseCaseContext, 'clock'>>,
  site: Site,
): Promise<void> {
  const findings = summarizeFindings(auditSite(site));
  const firmware = [...new Set(site.stations.flatMap((s) => s.ecus.map((e) => e.firmware)))].sort();
  const savedAt = (clock?.now() ?? new Date()).toISOString();
  // 'conflict' here means version 1 (or later) exists already: registration never overwrites a save.
  await repos.desiredConfig.save(site.id, firstVersion(site, savedAt, 'system'), undefined);
  await repos.sites.register({
    siteId: site.id,
    name: site.name,
    ...(site.address !== undefined && { address: site.address }),
    tags: site.tags,
    timeZone: site.timeZone,
    firmware,
    findings: { errors: findings.errors, warnings: findings.warnings },
  });
}
