import { joinSecrets } from '@ampfleet/domain';
import { requireSiteAccess } from '../../access';
import { NotFoundError } from '../../errors';
import type { UseCaseContext } from '../../ports';
import type { FindingView } from './desired-config';
import { saveConfig } from './save-config';

/**
 * Reverts to an earlier version by saving its content — secrets included, which no caller can send
 * back in clear — as a new version on `baseVersion` (history is never rewritten). A stale base is a
 * conflict, as for any save; the comment defaults to 'revert to v<N>'.
 */
export async function revertConfig(
  ctx: Pick<UseCaseContext, 'principal' | 'repos' | 'clock'>,
  input: { siteId: string; baseVersion: number; toVersion: number; comment?: string },
): Promise<{ version: number; findings: FindingView[] }> {
  await requireSiteAccess(ctx, 'site:configure', input.siteId);
  const old = await ctx.repos.desiredConfig.get(input.siteId, input.toVersion);
  if (!old) throw new NotFoundError(`version ${input.toVersion} of site ${input.siteId} not found`);
  return saveConfig(ctx, {
    siteId: input.siteId,
    baseVersion: input.baseVersion,
    site: joinSecrets(old.site, old.secrets),
    comment: input.comment ?? `revert to v${input.toVersion}`,
  });
}
