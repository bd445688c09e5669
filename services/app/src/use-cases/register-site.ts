import { auditSite, summarizeFindings, type Site } from '@ampfleet/domain';
import type { UseCaseContext } from '../ports';

/**
 * Registers a site from its configuration: stores it as the site's desired configuration, and on the
 * site item its name, address, tags, time zone, the configured ECU firmware versions and its audit
 * findings counted once here (the list's "has findings" filter).
 */
export async function registerSite({ repos }: Pick<UseCaseContext, 'repos'>, site: Site): Promise<void> {
  const findings = summarizeFindings(auditSite(site));
  const firmware = [...new Set(site.stations.flatMap((s) => s.ecus.map((e) => e.firmware)))].sort();
  await repos.sites.putDesiredConfig(site);
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
