import { SiteId, SiteListQuery, SiteLiveView, SitePage } from '@ampfleet/domain';
import { z } from 'zod';

// sites.* inputs and outputs: the domain's schemas (services/domain fleet/site-list.ts, fleet/view.ts).
export const SitesListInput = SiteListQuery;
export const SitesListOutput = SitePage;
export type SitesListOutput = z.infer<typeof SitesListOutput>;

export const SitesGetInput = z.object({ siteId: SiteId }).strict();
export const SitesGetOutput = SiteLiveView;
export type SitesGetOutput = z.infer<typeof SitesGetOutput>;

/** sites.export: the list's search, filters and sort, every match (no paging). */
export const SitesExportInput = SiteListQuery.omit({ limit: true, cursor: true });
export const SitesExportOutput = z.object({ filename: z.string(), csv: z.string(), rows: z.number().int() });
