import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidCursorError, overviewOf, pageSites, SITE_SORTS, SiteListQuery } from './site-list';
import { summarizeSite, type SiteSummary } from './site-summary';

// Builders: a site summary stating only what the test cares about.
function aSite(over: Partial<SiteSummary> & { siteId: string }): SiteSummary {
  return {
    name: over.siteId,
    tags: [],
    counts: { total: 0, online: 0, offline: 0, charging: 0, faulted: 0 },
    firmware: [],
    ...over,
  };
}

const arbSite = fc
  .record({
    siteId: fc.stringMatching(/^[a-z0-9-]{1,8}$/),
    name: fc.constantFrom('Depot', 'depot', 'Hof', 'Zentrale', 'Ärztehaus', 'a'),
    tags: fc.array(fc.constantFrom('fleet', 'public', 'north'), { maxLength: 2 }),
    total: fc.nat(4),
    charging: fc.nat(2),
    faulted: fc.nat(1),
    lastTelemetryAt: fc.option(fc.constantFrom('2026-11-24T10:00:00.000Z', '2026-11-24T11:00:00.000Z'), {
      nil: undefined,
    }),
    firmware: fc.subarray(['4.52-5412', '4.61-1']),
    errors: fc.nat(2),
  })
  .map((r) =>
    aSite({
      siteId: r.siteId,
      name: r.name,
      tags: r.tags,
      counts: { total: r.total, online: r.total, offline: 0, charging: r.charging, faulted: r.faulted },
      firmware: r.firmware,
      findings: { errors: r.errors, warnings: 0 },
      ...(r.lastTelemetryAt && { lastTelemetryAt: r.lastTelemetryAt }),
    }),
  );
const arbSites = fc.uniqueArray(arbSite, { selector: (s) => s.siteId, maxLength: 40 });
const arbQuery = fc.record({
  limit: fc.integer({ min: 1, max: 7 }),
  sort: fc.constantFrom(...SITE_SORTS),
  search: fc.option(fc.constantFrom('depot', 'north', 'a', '1'), { nil: undefined }),
  status: fc.option(fc.constantFrom('charging' as const, 'faulted' as const), { nil: undefined }),
  firmware: fc.option(fc.constantFrom('4.61', '4.5'), { nil: undefined }),
  hasFindings: fc.option(fc.boolean(), { nil: undefined }),
});

function allPages(sites: SiteSummary[], query: SiteListQuery): { ids: string[]; totals: number[] } {
  const ids: string[] = [];
  const totals: number[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = pageSites(sites, { ...query, ...(cursor !== undefined && { cursor }) });
    ids.push(...page.items.map((s) => s.siteId));
    totals.push(page.total);
    if (page.nextCursor === null) return { ids, totals };
    expect(page.items).toHaveLength(query.limit);
    cursor = page.nextCursor;
  }
  throw new Error('paging did not end');
}

describe('pageSites', () => {
  it('pages through every matching site exactly once, in the order of one full sorted page', () => {
    fc.assert(
      fc.property(arbSites, arbQuery, (sites, q) => {
        const query = SiteListQuery.parse(q);
        const whole = pageSites(sites, { ...query, limit: 100 });
        const { ids, totals } = allPages(sites, query);
        expect(ids).toEqual(whole.items.map((s) => s.siteId));
        expect(new Set(ids).size).toBe(ids.length);
        for (const t of totals) expect(t).toBe(whole.total);
      }),
    );
  });

  it('keeps exactly the sites that match every filter', () => {
    fc.assert(
      fc.property(arbSites, arbQuery, (sites, q) => {
        const query = SiteListQuery.parse({ ...q, limit: 100 });
        const kept = new Set(pageSites(sites, query).items.map((s) => s.siteId));
        for (const s of sites) {
          const text = [s.name, s.siteId, ...s.tags].join(' ').toLowerCase();
          const ok =
            (!query.search ||
              [s.name, s.siteId, ...s.tags].some((t) => t.toLowerCase().includes(query.search!))) &&
            (!query.status || s.counts[query.status] > 0) &&
            (!query.firmware || s.firmware.some((f) => f.startsWith(query.firmware!))) &&
            (query.hasFindings === undefined || s.findings!.errors > 0 === query.hasFindings);
          expect(kept.has(s.siteId), `${s.siteId} "${text}"`).toBe(ok);
        }
      }),
    );
  });

  it('sorts by name case-insensitively, and descending with a leading minus', () => {
    const sites = [aSite({ siteId: 's1', name: 'beta' }), aSite({ siteId: 's2', name: 'Alpha' })];
    const names = (sort: 'name' | '-name') =>
      pageSites(sites, SiteListQuery.parse({ sort })).items.map((s) => s.name);
    expect(names('name')).toEqual(['Alpha', 'beta']);
    expect(names('-name')).toEqual(['beta', 'Alpha']);
  });

  it('rejects a cursor that is not one, or belongs to another sort, naming the cursor', () => {
    const sites = [aSite({ siteId: 's1' }), aSite({ siteId: 's2' })];
    const first = pageSites(sites, SiteListQuery.parse({ limit: 1 }));
    expect(() => pageSites(sites, SiteListQuery.parse({ cursor: 'garbage' }))).toThrow(InvalidCursorError);
    expect(() => pageSites(sites, SiteListQuery.parse({ cursor: first.nextCursor!, sort: '-name' }))).toThrow(
      /cursor/,
    );
  });
});

describe('summarizeSite', () => {
  const now = new Date('2026-11-24T10:10:00.000Z');
  it('derives online, charging and faulted counts from the flat charge point attributes', () => {
    const summary = summarizeSite(
      {
        siteId: 'depot',
        name: 'Depot',
        timeZone: 'Europe/Berlin',
        firmware: ['4.61-1'],
        'cpSeen#A': '2026-11-24T10:09:00.000Z',
        'cpS#A#1': '2026-11-24T10:08:00.000Z|Charging',
        'cpL#A#1': '2026-11-24T10:09:00.000Z|16,15,14',
        'cpSeen#B': '2026-11-24T09:00:00.000Z',
        'cpS#B#1': '2026-11-24T09:00:00.000Z|Faulted',
        'cpL#B#1': '2026-11-24T09:00:00.000Z|30,30,30',
        'cpFw#B': '4.52-5412',
      },
      { now, heartbeatIntervalS: 60 },
    );
    expect(summary).toMatchObject({
      counts: { total: 2, online: 1, offline: 1, charging: 1, faulted: 1 },
      firmware: ['4.52-5412', '4.61-1'],
      currentLoadA: 16,
      timeZone: 'Europe/Berlin',
    });
  });

  it('sums the overview over sites', () => {
    const o = overviewOf(
      [
        aSite({ siteId: 'a', currentLoadA: 10, findings: { errors: 1, warnings: 0 } }),
        aSite({
          siteId: 'b',
          currentLoadA: 5,
          counts: { total: 2, online: 1, offline: 1, charging: 1, faulted: 1 },
        }),
      ],
      now.toISOString(),
    );
    expect(o).toMatchObject({ sites: 2, currentLoadA: 15, sitesWithFindings: 1, sitesWithFaults: 1 });
    expect(o.chargePoints).toEqual({ total: 2, online: 1, offline: 1, charging: 1, faulted: 1 });
  });
});
