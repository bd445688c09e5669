import { z } from 'zod';
import { fieldIssues, type FieldIssue } from '../contracts/issues';
import { SiteId } from '../contracts/ids';
import { Site } from '../config/site';
import { PlanningError } from './errors';
import { TemplateRequest } from './inputs';
import { templateSite } from './from-request';

// Onboarding (issue #12 point 6): a new site either from one of the §7.1–§7.4 templates with its options
// and the site's own id, name, address and time zone, or imported as a whole site configuration (JSON).
// The console's form, `npx ampfleet site create` and the partner API send this one request; every error
// names its field by path ('site.timeZone', 'template.supplyLine', 'site.stations.0.ecus.0.firmware').

export const SiteIdentity = z
  .object({
    id: SiteId,
    name: z.string().trim().min(1, 'required').max(100),
    address: z.string().trim().min(1).max(300).optional(),
    timeZone: z.string().min(1).max(64).optional(),
  })
  .strict();
export type SiteIdentity = z.infer<typeof SiteIdentity>;

export const CreateSiteRequest = z.discriminatedUnion('from', [
  z.object({ from: z.literal('template'), template: TemplateRequest, site: SiteIdentity }).strict(),
  z.object({ from: z.literal('import'), site: z.unknown() }).strict(),
]);
export type CreateSiteRequest = z.infer<typeof CreateSiteRequest>;

export type SiteFromRequest = { ok: true; site: Site } | { ok: false; issues: FieldIssue[] };

/** The site a create request describes, schema-checked (field paths from the request's root), or its issues. */
export function siteFromRequest(raw: unknown): SiteFromRequest {
  const request = CreateSiteRequest.safeParse(raw);
  if (!request.success) return { ok: false, issues: fieldIssues(request.error) };
  let candidate: unknown;
  if (request.data.from === 'import') candidate = request.data.site;
  else {
    const { template, site: identity } = request.data;
    try {
      const built = templateSite(template);
      candidate = {
        ...built,
        ...identity,
        tags: [...new Set([...built.tags, template.useCase])],
      };
    } catch (err) {
      if (err instanceof PlanningError)
        return { ok: false, issues: [{ path: `template.${err.path}`, message: err.message }] };
      throw err;
    }
  }
  const site = Site.safeParse(candidate);
  if (!site.success)
    return {
      ok: false,
      issues: fieldIssues(site.error).map((i) => ({
        ...i,
        path: i.path === '(root)' ? 'site' : `site.${i.path}`,
      })),
    };
  return { ok: true, site: site.data };
}
