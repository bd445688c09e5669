import { fieldIssues, joinSecrets, keepOmittedSecrets, Site, type FieldIssue } from '@ampfleet/domain';
import { requireSiteAccess } from '../../access';
import { NotFoundError } from '../../errors';
import type { UseCaseContext } from '../../ports';
import { findingsOf, type FindingView } from './desired-config';

type Ctx = Pick<UseCaseContext, 'principal' | 'repos'>;

export interface ConfigPreview {
  baseVersion: number;
  /** Field-named problems of the draft (paths as `site.stations.0...`); no findings when there are any. */
  issues: FieldIssue[];
  /** The audit of the draft, as config.save would return it. */
  findings: FindingView[];
  /** Ids of the draft's findings the base version does not have. */
  added: string[];
  /** Findings of the base version that the draft no longer has. */
  removed: FindingView[];
}

/**
 * The live audit preview of an unsaved draft: the same domain audit config.save runs, on the server so the
 * stored secrets (which the browser only sees masked) take part, compared with the version it was edited
 * from. Writes nothing; a draft that fails the Site schema returns its field-named issues instead.
 */
export async function previewConfig(
  ctx: Ctx,
  input: { siteId: string; baseVersion: number; site: unknown },
): Promise<ConfigPreview> {
  await requireSiteAccess(ctx, 'site:read', input.siteId);
  const base = await ctx.repos.desiredConfig.get(input.siteId, input.baseVersion);
  if (!base) throw new NotFoundError(`version ${input.baseVersion} of site ${input.siteId} not found`);
  const parsed = Site.safeParse(input.site);
  if (!parsed.success) {
    const issues = fieldIssues(parsed.error).map((i) => ({ ...i, path: `site.${i.path}` }));
    return { baseVersion: base.version, issues, findings: [], added: [], removed: [] };
  }
  const before = findingsOf(joinSecrets(base.site, base.secrets));
  const findings = findingsOf(keepOmittedSecrets(parsed.data, base.secrets));
  const beforeIds = new Set(before.map((f) => f.id));
  const afterIds = new Set(findings.map((f) => f.id));
  return {
    baseVersion: base.version,
    issues: [],
    findings,
    added: findings.filter((f) => !beforeIds.has(f.id)).map((f) => f.id),
    removed: before.filter((f) => !afterIds.has(f.id)),
  };
}
