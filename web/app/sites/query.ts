import { SiteListQuery } from '@ampfleet/domain';

// The site list's state lives in the URL (/sites?q=…&status=…&sort=…&cursor=…): a page can be shared
// and reloaded, and the server does the searching. Parsed with the domain's schema, naming a bad field.

type SearchParams = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined): string | undefined => {
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? undefined : s;
};

export function siteListQueryOf(params: SearchParams): { query: SiteListQuery } | { error: string } {
  const findings = one(params.findings);
  const drift = one(params.drift);
  const limit = one(params.limit);
  const parsed = SiteListQuery.safeParse({
    ...(limit !== undefined && { limit: Number(limit) }),
    cursor: one(params.cursor),
    search: one(params.q),
    status: one(params.status),
    firmware: one(params.firmware),
    ...(findings !== undefined && { hasFindings: findings === 'yes' }),
    rule: one(params.rule),
    parameter: one(params.parameter),
    ...(drift !== undefined && { hasDrift: drift === 'yes' }),
    sort: one(params.sort),
  });
  if (parsed.success) return { query: parsed.data };
  return { error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
}

/** The URL parameters the list keeps between pages (and hands to the CSV export). */
export const SITE_LIST_PARAMS = [
  'q',
  'status',
  'firmware',
  'findings',
  'rule',
  'parameter',
  'drift',
  'sort',
  'limit',
] as const;

/** The URL of the list with these parameters (empty ones left out). */
export function siteListHref(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) search.set(k, v);
  const s = search.toString();
  return s ? `/sites?${s}` : '/sites';
}
