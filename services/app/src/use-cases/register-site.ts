import { auditSite, summarizeFindings, type Site } from '@ampfleet/domain';
import type { UseCaseContext } from '../ports';
import { firstVersion } from './config/desired-config';

/**
 * Registers a site from its configuration: stores it as version 1 of the site's desired configuration
 * when the site has none (a repeated registration, e.g. every `npm start`, keeps the saved versions), and on the
 * site item its name, address, tags, time zone, the configured ECU firmware versions and — on the first
 * registration only — its audit findings (the list's "has findings" filter). From then on the
 * audit-drift handler keeps the findings, rules, parameters and drift on the site item current for the
 * saved head, so a repeated registration must not put the file's counts back. The site item is written
 * BEFORE the configuration: the handler the save triggers always finds it (it writes the list's audit
 * facets there, config-audit.ts).
 */
export async function registerSite(
  { repos, clock }: Pick<UseCaseContext, 'repos'> & Partial<Pick<UseCaseContext, 'clock'>>,
  site: Site,
): Promise<void> {
  const findings = summarizeFindings(auditSite(site));
  const firmware = [...new Set(site.stations.flatMap((s) => s.ecus.map((e) => e.firmware)))].sort();
  const savedAt = (clock?.now() ?? new Date()).toISOString();
  const configured = (await repos.desiredConfig.history(site.id, { limit: 1 })).length > 0;
  await repos.sites.register({
    siteId: site.id,
    name: site.name,
    ...(site.address !== undefined && { address: site.address }),
    tags: site.tags,
    timeZone: site.timeZone,
    firmware,
    ...(!configured && { findings: { errors: findings.errors, warnings: findings.warnings } }),
  });
  // 'conflict' here means version 1 (or later) exists already: registration never overwrites a save.
  await repos.desiredConfig.save(site.id, firstVersion(site, savedAt, 'system'), undefined);
}
