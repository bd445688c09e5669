import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InvalidCursorError,
  matchingSites,
  overviewOf,
  pageSites,
  SITE_CSV_HEADER,
  SITE_SORTS,
  siteListCsv,
  SiteListQuery,
} from './site-list';
import { siteAuditFacets, summarizeSite, type SiteSummary } from './site-summary';

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
    // Not audited yet (no facets), or the audit-drift handler's facets.
    audit: fc.option(
      fc.record({
        rules: fc.subarray(['dlm.master-count', 'params.ocpp-url', 'phases.rotation']),
        parameters: fc.subarray(['dlmSampleRate', 'backendUrl']),
        driftedEcus: fc.nat(2),
      }),
      { nil: undefined },
    ),
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
      ...(r.audit && {
        auditRules: r.audit.rules,
        auditParameters: r.audit.parameters,
        driftedEcus: r.audit.driftedEcus,
      }),
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
  rule: fc.option(fc.constantFrom('dlm.master-count', 'phases.rotation', 'meter.unused'), { nil: undefined }),
  parameter: fc.option(fc.constantFrom('dlmSampleRate' as const, 'backendUrl' as const), { nil: undefined }),
  hasDrift: fc.option(fc.boolean(), { nil: undefined }),
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
            (query.hasFindings === undefined || s.findings!.errors > 0 === query.hasFindings) &&
            (!query.rule || (s.auditRules ?? []).includes(query.rule)) &&
            (!query.parameter || (s.auditParameters ?? []).includes(query.parameter)) &&
            (query.hasDrift === undefined || (s.driftedEcus ?? 0) > 0 === query.hasDrift);
          expect(kept.has(s.siteId), `${s.siteId} "${text}"`).toBe(ok);
        }
      }),
    );
  });

  it('the export keeps every matching site in the page order, with no paging', () => {
    fc.assert(
      fc.property(arbSites, arbQuery, (sites, q) => {
        const { limit: _limit, ...query } = SiteListQuery.parse(q);
        const whole = pageSites(sites, { ...query, limit: 100 });
        expect(matchingSites(sites, query).map((s) => s.siteId)).toEqual(whole.items.map((s) => s.siteId));
      }),
      { numRuns: 50 },
    );
  });

  it('refuses a rule or parameter that is none, naming the field', () => {
    const bad = SiteListQuery.safeParse({ rule: 'DROP TABLE', parameter: 'noSuchParameter' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['parameter', 'rule']);
    expect(SiteListQuery.safeParse({ rule: 'dlm.master-count', parameter: 'backendUrl' }).success).toBe(true);
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

describe('siteListCsv', () => {
  it('quotes commas, quotes and line breaks (RFC 4180), defuses formulas, one row per site', () => {
    const csv = siteListCsv([
      aSite({
        siteId: 'a',
        name: 'Depot "Nord", Halle 2',
        address: 'Lindenweg 12\n12345 Berlin',
        tags: ['fleet', 'public'],
        firmware: ['4.61-1'],
        findings: { errors: 2, warnings: 0 },
        auditRules: ['dlm.master-count', 'phases.rotation'],
        auditParameters: ['backendUrl'],
        driftedEcus: 1,
      }),
      aSite({ siteId: 'b', name: '=HYPERLINK("x")' }),
    ]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(SITE_CSV_HEADER.join(','));
    expect(lines[1]).toBe(
      'a,"Depot ""Nord"", Halle 2","Lindenweg 12\n12345 Berlin",fleet; public,0,0,0,0,0,4.61-1,2,0,' +
        'dlm.master-count phases.rotation,backendUrl,1,',
    );
    expect(lines[2]).toBe(`b,"'=HYPERLINK(""x"")",,,0,0,0,0,0,,,,,,,`);
    expect(lines.slice(3)).toEqual(['']);
  });
});

describe('siteAuditFacets', () => {
  it('collects the rules, the parameters of findings and of drift, and the counts', () => {
    const ecu = (drifted: string[]) => ({
      drift: { drifted: drifted.map((key) => ({ key })) },
    });
    const facets = siteAuditFacets(
      [
        { ruleId: 'phases.rotation', severity: 'error', target: { kind: 'station', stationId: 's' } },
        {
          ruleId: 'params.ocpp-url',
          severity: 'warning',
          target: { kind: 'parameter', stationId: 's', chargePointId: 'cp', parameter: 'backendUrl' },
        },
        { ruleId: 'phases.rotation', severity: 'info', target: { kind: 'site' } },
      ],
      {
        ecus: [ecu(['dlmSampleRate']), ecu([]), { drift: undefined }] as never,
        counts: { drifted: 1 } as never,
      },
    );
    expect(facets).toEqual({
      rules: ['params.ocpp-url', 'phases.rotation'],
      parameters: ['backendUrl', 'dlmSampleRate'],
      findings: { errors: 1, warnings: 1 },
      driftedEcus: 1,
    });
  });

  it('the summary reads them back from the site item (string sets arrive as Sets)', () => {
    const at = { now: new Date('2026-11-24T10:10:00.000Z'), heartbeatIntervalS: 60 };
    const audited = summarizeSite(
      {
        siteId: 's',
        auditRules: new Set(['b.x', 'a.y']),
        auditParams: new Set(['backendUrl']),
        driftedEcus: 0,
      },
      at,
    );
    expect(audited).toMatchObject({
      auditRules: ['a.y', 'b.x'],
      auditParameters: ['backendUrl'],
      driftedEcus: 0,
    });
    // Cleared sets are removed from the item: an audited site with none has empty lists.
    expect(summarizeSite({ siteId: 's', driftedEcus: 0 }, at)).toMatchObject({
      auditRules: [],
      auditParameters: [],
    });
    expect(summarizeSite({ siteId: 's' }, at)).not.toHaveProperty('auditRules');
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
