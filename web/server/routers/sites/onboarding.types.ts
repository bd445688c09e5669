import { CommissioningSheet, SiteId } from '@ampfleet/domain';
import { z } from 'zod';

// sites.create / sites.commissioning / sites.provision: inputs and outputs (issue #12 point 6, #14 point 3).

/**
 * The domain's CreateSiteRequest ({ from: 'template', template, site } or { from: 'import', site }),
 * checked by the use case so that every error names its field by path ('site.timeZone') — the input
 * here only says it is an object.
 */
export const SitesCreateInput = z.record(z.string(), z.unknown());
export const SitesCreateOutput = z
  .object({
    siteId: SiteId,
    version: z.number().int(),
    findings: z.object({ errors: z.number().int(), warnings: z.number().int() }),
  })
  .strict();
export type SitesCreateOutput = z.infer<typeof SitesCreateOutput>;

export const SitesCommissioningInput = z.object({ siteId: SiteId }).strict();
export const SitesCommissioningOutput = CommissioningSheet;
export type SitesCommissioningOutput = z.infer<typeof SitesCommissioningOutput>;

export const SitesProvisionInput = z.object({ siteId: SiteId }).strict();
/**
 * The edge bundle as a .tar.gz (base64): the only copy of the box's new key and charge point passwords,
 * never stored and never readable again; the rest names what was made.
 */
export const SitesProvisionOutput = z
  .object({
    siteId: SiteId,
    mode: z.enum(['local', 'aws']),
    mqttUrl: z.string(),
    chargePoints: z.number().int(),
    details: z.record(z.string(), z.string()),
    files: z.array(z.string()),
    fileName: z.string(),
    archiveBase64: z.string(),
  })
  .strict();
export type SitesProvisionOutput = z.infer<typeof SitesProvisionOutput>;
