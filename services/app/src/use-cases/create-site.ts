import { describeIssues, siteFromRequest, summarizeFindings, auditSite, type Site } from '@ampfleet/domain';
import { recordAudit, requireAccess } from '../access';
import { ConflictError, InvalidRequestError } from '../errors';
import type { UseCaseContext } from '../ports';
import { authorOf, firstVersion } from './config/desired-config';

export interface CreatedSite {
  siteId: string;
  version: number;
  findings: { errors: number; warnings: number };
}

/**
 * Creates a site from a §7.1–§7.4 template or an imported site configuration (CreateSiteRequest): the
 * site item and version 1 of its desired configuration in one transaction. A bad field is an
 * InvalidRequestError naming it; an id the organisation has already is a ConflictError — nothing written.
 */
export async function createSite(
  ctx: Pick<UseCaseContext, 'principal' | 'repos' | 'clock'>,
  request: unknown,
): Promise<CreatedSite> {
  requireAccess(ctx, 'sites:create');
  const built = siteFromRequest(request);
  if (!built.ok) throw new InvalidRequestError(describeIssues(built.issues), built.issues);
  const orgId = ctx.repos.orgId;
  if (built.site.orgId !== undefined && built.site.orgId !== orgId) {
    const issue = { path: 'site.orgId', message: `must be your organisation '${orgId}' or left out` };
    throw new InvalidRequestError(describeIssues([issue]), [issue]);
  }
  const site: Site = { ...built.site, orgId };
  const findings = summarizeFindings(auditSite(site));
  const firmware = [...new Set(site.stations.flatMap((s) => s.ecus.map((e) => e.firmware)))].sort();
  const outcome = await ctx.repos.sites.create(
    {
      siteId: site.id,
      name: site.name,
      ...(site.address !== undefined && { address: site.address }),
      tags: site.tags,
      timeZone: site.timeZone,
      firmware,
      findings: { errors: findings.errors, warnings: findings.warnings },
    },
    { ...firstVersion(site, ctx.clock.now().toISOString(), authorOf(ctx)), comment: 'created' },
  );
  if (outcome === 'conflict')
    throw new ConflictError(`site ${site.id} exists already: choose another id (nothing was written)`);
  await recordAudit(ctx, { action: 'site.create', siteId: site.id, target: 'v1' });
  return { siteId: site.id, version: 1, findings: { errors: findings.errors, warnings: findings.warnings } };
}
