import { joinSecrets, type Site } from '@ampfleet/domain';
import type { UseCaseContext } from '../../ports';
import { findingsOf, headOf, maskedSite, summaryOf } from './desired-config';

export interface ConfigView {
  version: number;
  /** The desired configuration with every secret masked ('••••'). */
  site: Site;
  savedAt: string;
  savedBy: string;
  comment?: string;
  findings: { errors: number; warnings: number; infos: number };
}

/** The site's desired configuration at its head version, secrets masked, with its audit summary. */
export async function getConfig(
  ctx: Pick<UseCaseContext, 'principal' | 'repos'>,
  input: { siteId: string },
): Promise<ConfigView> {
  const head = await headOf(ctx, 'site:read', input.siteId);
  return {
    version: head.version,
    site: maskedSite(head),
    savedAt: head.savedAt,
    savedBy: head.savedBy,
    ...(head.comment !== undefined && { comment: head.comment }),
    findings: summaryOf(findingsOf(joinSecrets(head.site, head.secrets))),
  };
}
