import { Site, SiteId } from '@ampfleet/domain';
import { z } from 'zod';

// config.* inputs and outputs (issue #12 point 7; public contract). Secrets come out masked as '••••';
// sent back masked or left out, a save keeps them.

const Version = z.number().int().min(1);
const FindingCounts = z.object({ errors: z.number(), warnings: z.number(), infos: z.number() });

export const ConfigGetInput = z.object({ siteId: SiteId }).strict();
export const ConfigGetOutput = z.object({
  version: Version,
  site: Site,
  savedAt: z.string(),
  savedBy: z.string(),
  comment: z.string().optional(),
  findings: FindingCounts,
});

export const FindingView = z.object({
  id: z.string(),
  ruleId: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  section: z.string(),
  message: z.string(),
  path: z.string(),
  target: z.record(z.string(), z.unknown()),
});

export const ConfigSaveInput = z
  .object({
    siteId: SiteId,
    baseVersion: Version,
    /** A whole site (the domain's Site schema, validated by the use case with field-named errors). */
    site: z.unknown(),
    comment: z.string().max(500).optional(),
  })
  .strict();
export const ConfigSaveOutput = z.object({ version: Version, findings: z.array(FindingView) });

export const ConfigHistoryInput = z
  .object({ siteId: SiteId, limit: z.number().int().min(1).max(100).default(20) })
  .strict();
export const ConfigHistoryOutput = z.object({
  versions: z.array(
    z.object({
      version: Version,
      savedAt: z.string(),
      savedBy: z.string(),
      comment: z.string().optional(),
      changeCount: z.number().int(),
    }),
  ),
});

export const SiteChange = z.object({
  path: z.string(),
  kind: z.enum(['added', 'removed', 'changed']),
  from: z.unknown().optional(),
  to: z.unknown().optional(),
  secret: z.literal(true).optional(),
});
export const ConfigDiffInput = z.object({ siteId: SiteId, from: Version, to: Version }).strict();
export const ConfigDiffOutput = z.object({ from: Version, to: Version, changes: z.array(SiteChange) });

export const ConfigPreviewInput = z
  .object({
    siteId: SiteId,
    /** The version the draft was edited from: new and removed findings are counted against it. */
    baseVersion: Version,
    /** The draft, a whole site as for config.save (secrets masked or left out are the stored ones). */
    site: z.unknown(),
  })
  .strict();
export const ConfigPreviewOutput = z.object({
  baseVersion: Version,
  issues: z.array(z.object({ path: z.string(), message: z.string() })),
  findings: z.array(FindingView),
  added: z.array(z.string()),
  removed: z.array(FindingView),
});

export const ConfigRevertInput = z
  .object({
    siteId: SiteId,
    baseVersion: Version,
    /** The earlier version whose content becomes the new version. */
    toVersion: Version,
    comment: z.string().max(500).optional(),
  })
  .strict();
