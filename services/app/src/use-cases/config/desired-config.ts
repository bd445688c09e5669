import {
  actorOf,
  maskSecrets,
  splitSecrets,
  siteFindings,
  summarizeFindings,
  type DesiredConfigVersion,
  type SiteFinding,
  type Site,
} from '@ampfleet/domain';
import { requireSiteAccess } from '../../access';
import { NotFoundError } from '../../errors';
import type { UseCaseContext } from '../../ports';

// Shared by the configuration use cases: who saved, the first version, the masked view, findings.

/** The author recorded on a version: the person's e-mail, the key's label, or 'system'. */
export function authorOf(ctx: Pick<UseCaseContext, 'principal'>): string {
  return ctx.principal ? actorOf(ctx.principal).label : 'system';
}

/** Version 1 of a site's desired configuration, from its registration. */
export function firstVersion(site: Site, savedAt: string, savedBy: string): DesiredConfigVersion {
  const { site: stripped, secrets } = splitSecrets(site);
  return { version: 1, savedAt, savedBy, comment: 'registered', changes: [], site: stripped, secrets };
}

/** The head version of a site the caller may reach with `permission`; NOT_FOUND when it has none. */
export async function headOf(
  ctx: Pick<UseCaseContext, 'principal' | 'repos'>,
  permission: 'site:read' | 'site:configure',
  siteId: string,
): Promise<DesiredConfigVersion> {
  await requireSiteAccess(ctx, permission, siteId);
  const head = await ctx.repos.desiredConfig.get(siteId);
  if (!head) throw new NotFoundError(`site ${siteId} has no desired configuration`);
  return head;
}

export function maskedSite(record: Pick<DesiredConfigVersion, 'site' | 'secrets'>): Site {
  return maskSecrets(record.site, record.secrets);
}

/** A finding with its stable id and parameter path (the stored and the API form). */
export type FindingView = SiteFinding;

/** The domain audit of a whole site (secrets included: rules may check that one is set). */
export function findingsOf(site: Site): FindingView[] {
  return siteFindings(site);
}

export function summaryOf(findings: readonly FindingView[]) {
  return summarizeFindings(findings);
}
