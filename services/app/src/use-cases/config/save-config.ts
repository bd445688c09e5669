import {
  changedSecretPaths,
  describeIssues,
  diffSites,
  fieldIssues,
  joinSecrets,
  keepOmittedSecrets,
  Site,
  splitSecrets,
} from '@ampfleet/domain';
import { recordAudit } from '../../access';
import { ConflictError, InvalidRequestError } from '../../errors';
import type { UseCaseContext } from '../../ports';
import { authorOf, findingsOf, headOf, type FindingView } from './desired-config';

export interface SaveConfigInput {
  siteId: string;
  /** The version the caller edited; a save on any other head is a conflict. */
  baseVersion: number;
  /** A whole site (the domain's Site schema); secrets may be omitted or masked to keep them. */
  site: unknown;
  comment?: string;
}

function invalid(path: string, message: string): never {
  throw new InvalidRequestError(`${path}: ${message}`, [{ path, message }]);
}

/**
 * Saves a new version of the site's desired configuration: validated by the Site schema (field-named
 * errors, nothing written), secrets the caller left out kept, written with author, time, comment and the
 * diff to the base — only if the base is still the head (else CONFLICT, nothing written).
 */
export async function saveConfig(
  ctx: Pick<UseCaseContext, 'principal' | 'repos' | 'clock'>,
  input: SaveConfigInput,
): Promise<{ version: number; findings: FindingView[] }> {
  const head = await headOf(ctx, 'site:configure', input.siteId);
  const parsed = Site.safeParse(input.site);
  if (!parsed.success) {
    const issues = fieldIssues(parsed.error).map((i) => ({ ...i, path: `site.${i.path}` }));
    throw new InvalidRequestError(describeIssues(issues), issues);
  }
  if (parsed.data.id !== input.siteId) invalid('site.id', `must be the site's id '${input.siteId}'`);
  if (head.version !== input.baseVersion)
    throw new ConflictError(
      `version ${input.baseVersion} is not the latest (${head.version}): reload, reapply the change, save again`,
    );
  const whole = keepOmittedSecrets(parsed.data, head.secrets);
  const { site, secrets } = splitSecrets(whole);
  const changes = [
    ...diffSites(head.site, site),
    ...changedSecretPaths(site, head.secrets, secrets).map((path) => ({
      path,
      kind: 'changed' as const,
      secret: true as const,
    })),
  ];
  const version = head.version + 1;
  const outcome = await ctx.repos.desiredConfig.save(
    input.siteId,
    {
      version,
      savedAt: ctx.clock.now().toISOString(),
      savedBy: authorOf(ctx),
      ...(input.comment !== undefined && { comment: input.comment }),
      changes,
      site,
      secrets,
    },
    input.baseVersion,
  );
  if (outcome === 'conflict')
    throw new ConflictError(
      `version ${input.baseVersion} was superseded while saving: reload and save again`,
    );
  await recordAudit(ctx, {
    action: 'config.save',
    siteId: input.siteId,
    target: `v${version}`,
    detail: `${changes.length} change(s)${input.comment ? `: ${input.comment}` : ''}`,
  });
  return { version, findings: findingsOf(joinSecrets(site, secrets)) };
}
