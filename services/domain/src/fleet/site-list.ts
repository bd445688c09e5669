import { z } from 'zod';
import { ECU_PARAM_KEYS, type EcuParamKey } from '../config/catalog';
import { csvText } from '../csv';
import { SiteSummary } from './site-summary';

// The site list's search, filters, sort and keyset paging over an organisation's site summaries.
// Keyset (the last row's sort value and id), not an offset: a page boundary stays put while sites
// ahead of it change, and paging through a fixed list yields every match exactly once, in order.

export const SITE_STATUSES = ['online', 'offline', 'charging', 'faulted'] as const;
export const SITE_SORTS = ['name', '-name', 'lastTelemetryAt', '-lastTelemetryAt', 'chargePoints'] as const;
export type SiteSort = (typeof SITE_SORTS)[number];

export const SiteListQuery = z
  .object({
    limit: z.number().int().min(1).max(100).default(25),
    cursor: z.string().max(400).optional(),
    /** Case-insensitive: name, site id, address or a tag contains it. */
    search: z.string().max(100).optional(),
    /** Sites with at least one charge point in this state. */
    status: z.enum(SITE_STATUSES).optional(),
    /** Sites with a charge point whose firmware version starts with this, e.g. '4.61'. */
    firmware: z.string().max(50).optional(),
    hasFindings: z.boolean().optional(),
    /** Sites where this audit rule has a finding, e.g. 'dlm.master-count'. */
    rule: z
      .string()
      .max(80)
      .regex(/^[a-z]+\.[a-z0-9-]+$/, 'not an audit rule id (like dlm.master-count)')
      .optional(),
    /** Sites where this catalog parameter has a finding or drifts at an ECU. */
    parameter: z.enum(ECU_PARAM_KEYS as [EcuParamKey, ...EcuParamKey[]]).optional(),
    /** Sites with (true) or without (false) a drifted ECU. */
    hasDrift: z.boolean().optional(),
    sort: z.enum(SITE_SORTS).default('name'),
  })
  .strict();
export type SiteListQuery = z.infer<typeof SiteListQuery>;

export const SitePage = z.object({
  items: z.array(SiteSummary),
  nextCursor: z.string().nullable(),
  /** Sites matching the search and filters (all pages). */
  total: z.number().int(),
});
export type SitePage = z.infer<typeof SitePage>;

/** A cursor that does not belong to this list (tampered, or from another sort). */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

type SortValue = string | number;

function sortValue(site: SiteSummary, sort: SiteSort): SortValue {
  if (sort === 'name' || sort === '-name') return site.name.toLowerCase();
  if (sort === 'chargePoints') return site.counts.total;
  // Sites that never reported sort as the oldest.
  return site.lastTelemetryAt ?? '';
}

const compareValues = (a: SortValue, b: SortValue): number =>
  typeof a === 'number' && typeof b === 'number'
    ? a - b
    : String(a) < String(b)
      ? -1
      : String(a) > String(b)
        ? 1
        : 0;

/** Total order: the sort key (descending with '-'), then the site id so ties never reorder. */
function compareRows(sort: SiteSort, a: [SortValue, string], b: [SortValue, string]): number {
  const byKey = compareValues(a[0], b[0]) * (sort.startsWith('-') ? -1 : 1);
  return byKey !== 0 ? byKey : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

function matches(site: SiteSummary, query: SiteListQuery): boolean {
  const needle = query.search?.trim().toLowerCase();
  if (needle) {
    const haystack = [site.name, site.siteId, site.address ?? '', ...site.tags].map((s) => s.toLowerCase());
    if (!haystack.some((s) => s.includes(needle))) return false;
  }
  if (query.status && site.counts[query.status] === 0) return false;
  if (query.firmware && !site.firmware.some((f) => f.startsWith(query.firmware ?? ''))) return false;
  if (query.hasFindings !== undefined) {
    const has = (site.findings?.errors ?? 0) + (site.findings?.warnings ?? 0) > 0;
    if (has !== query.hasFindings) return false;
  }
  if (query.rule && !site.auditRules?.includes(query.rule)) return false;
  if (query.parameter && !site.auditParameters?.includes(query.parameter)) return false;
  if (query.hasDrift !== undefined && (site.driftedEcus ?? 0) > 0 !== query.hasDrift) return false;
  return true;
}

export function encodeSiteCursor(sort: SiteSort, value: SortValue, siteId: string): string {
  return JSON.stringify([sort, value, siteId]);
}

function decodeSiteCursor(cursor: string, sort: SiteSort): [SortValue, string] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(cursor);
  } catch (err) {
    throw new InvalidCursorError('cursor: not a cursor of the site list', { cause: err });
  }
  const shape = z
    .tuple([z.enum(SITE_SORTS), z.union([z.string(), z.number()]), z.string()])
    .safeParse(parsed);
  if (!shape.success) throw new InvalidCursorError('cursor: not a cursor of the site list');
  if (shape.data[0] !== sort) throw new InvalidCursorError(`cursor: belongs to sort '${shape.data[0]}'`);
  return [shape.data[1], shape.data[2]];
}

/** Every matching site in the query's order (the CSV export: the list's filters, no paging). */
export function matchingSites(sites: readonly SiteSummary[], query: Omit<SiteListQuery, 'cursor' | 'limit'>) {
  const q = { ...query, limit: 1 } as SiteListQuery;
  return sites
    .filter((s) => matches(s, q))
    .map((site) => ({ site, key: [sortValue(site, q.sort), site.siteId] as [SortValue, string] }))
    .sort((a, b) => compareRows(q.sort, a.key, b.key))
    .map((r) => r.site);
}

export const SITE_CSV_HEADER = [
  'site_id',
  'name',
  'address',
  'tags',
  'charge_points',
  'online',
  'offline',
  'charging',
  'faulted',
  'firmware',
  'audit_errors',
  'audit_warnings',
  'audit_rules',
  'parameters',
  'drifted_ecus',
  'last_telemetry_at',
] as const;

/** The site rows as CSV (RFC 4180, formula cells defused): tags joined with '; ', other lists with ' '. */
export function siteListCsv(sites: readonly SiteSummary[]): string {
  return csvText(
    SITE_CSV_HEADER,
    sites.map((s) => [
      s.siteId,
      s.name,
      s.address,
      s.tags.join('; '),
      s.counts.total,
      s.counts.online,
      s.counts.offline,
      s.counts.charging,
      s.counts.faulted,
      s.firmware.join(' '),
      s.findings?.errors,
      s.findings?.warnings,
      s.auditRules?.join(' '),
      s.auditParameters?.join(' '),
      s.driftedEcus,
      s.lastTelemetryAt,
    ]),
  );
}

/** One page of the matching sites, in the query's order, after the cursor's row. */
export function pageSites(sites: readonly SiteSummary[], query: SiteListQuery): SitePage {
  const after = query.cursor === undefined ? undefined : decodeSiteCursor(query.cursor, query.sort);
  const rows = sites
    .filter((s) => matches(s, query))
    .map((site) => ({ site, key: [sortValue(site, query.sort), site.siteId] as [SortValue, string] }))
    .sort((a, b) => compareRows(query.sort, a.key, b.key));
  const start = after === undefined ? 0 : rows.findIndex((r) => compareRows(query.sort, r.key, after) > 0);
  const from = start < 0 ? rows.length : start;
  const page = rows.slice(from, from + query.limit);
  const last = page[page.length - 1];
  const more = from + page.length < rows.length;
  return {
    items: page.map((r) => r.site),
    nextCursor: more && last ? encodeSiteCursor(query.sort, last.key[0], last.key[1]) : null,
    total: rows.length,
  };
}

/** The fleet overview's figures, from the same summaries. */
export const FleetOverview = z.object({
  sites: z.number().int(),
  chargePoints: z.object({
    total: z.number().int(),
    online: z.number().int(),
    offline: z.number().int(),
    charging: z.number().int(),
    faulted: z.number().int(),
  }),
  /** Sum over sites of each site's busiest-phase charging current (A). */
  currentLoadA: z.number(),
  sitesWithFindings: z.number().int(),
  sitesWithFaults: z.number().int(),
  generatedAt: z.string(),
});
export type FleetOverview = z.infer<typeof FleetOverview>;

export function overviewOf(sites: readonly SiteSummary[], generatedAt: string): FleetOverview {
  const chargePoints = { total: 0, online: 0, offline: 0, charging: 0, faulted: 0 };
  let currentLoadA = 0;
  let sitesWithFindings = 0;
  let sitesWithFaults = 0;
  for (const s of sites) {
    for (const k of Object.keys(chargePoints) as (keyof typeof chargePoints)[])
      chargePoints[k] += s.counts[k];
    currentLoadA += s.currentLoadA ?? 0;
    if ((s.findings?.errors ?? 0) + (s.findings?.warnings ?? 0) > 0) sitesWithFindings++;
    if (s.counts.faulted > 0) sitesWithFaults++;
  }
  return {
    sites: sites.length,
    chargePoints,
    currentLoadA: Math.round(currentLoadA * 10) / 10,
    sitesWithFindings,
    sitesWithFaults,
    generatedAt,
  };
}
