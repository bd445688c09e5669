import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, forOrg, type FleetStore } from '@ampfleet/adapters';
import { listSites, readDrift, refreshSiteAudit } from '@ampfleet/app';
import {
  aUser,
  firmwareVersionOf,
  joinSecrets,
  listRules,
  renderOcppConfiguration,
  reportedConfigOf,
  Site,
  siteAuditFacets,
  siteContribution,
  siteFindings,
  SiteListQuery,
  snapshotOfConfiguration,
  splitSecrets,
  sumContributions,
  tableKeys,
  type SiteAuditResult,
} from '@ampfleet/domain';
import { auditDrift } from '@ampfleet/functions/audit-drift';
import { fc } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../services/cli/src/cli-harness';
import { aReportedConfig } from '../support/message-builders';
import { startTestStore, type TestStore } from '../support/dynamo';

// The audit-drift handler over a real DynamoDB Local: (1) what it stores for a site equals what the CLI
// (`ampfleet audit`, `ampfleet drift`, run in-process) prints for the same desired site and reported
// snapshots; (2) after random sequences of saves, snapshots, replays and out-of-order handler runs, the
// organisation's roll-up equals a from-scratch sum over the sites' stored results; (3) the site list's
// rule, parameter and drift filters follow what the handler stored, also when a finding clears.

const DEMO_DIR = fileURLToPath(new URL('../../services/local/demo-sites/', import.meta.url));
const demoSites = ['lindenweg-12', 'depot-nord', 'parkhaus-altstadt'].map((name) =>
  Site.parse(JSON.parse(readFileSync(path.join(DEMO_DIR, `${name}.json`), 'utf8'))),
);
const FIRMWARES = ['4.52-5412-d6a2288f6', '4.53-5600-0a1b2c3d4', '4.61-6000-a1b2c3d4e'];

let store: TestStore;
let fleet: FleetStore;
let dir: string;
let tick = 0;
const clock = { now: () => new Date(Date.UTC(2026, 11, 1, 0, 0, tick++)) };
const rt = () => ({
  doc: store.clients.doc,
  table: store.table,
  log: createLogger('test', () => undefined),
  nowMs: () => clock.now().getTime(),
});
const streamRecord = (orgId: string, siteId: string, sk = 'CONFIG#DESIRED') => ({
  eventName: 'MODIFY',
  dynamodb: { Keys: { pk: { S: tableKeys.site(orgId, siteId).pk }, sk: { S: sk } } },
});

beforeAll(async () => {
  store = await startTestStore('ampfleet-audit-drift');
  fleet = { doc: store.clients.doc, table: store.table };
  dir = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-audit-drift-'));
});
afterAll(async () => {
  await store.stop();
  await rm(dir, { recursive: true, force: true });
});

/** A demo site under a new id, each ECU on a drawn firmware, and one ECU's configuration copied onto another. */
const aDesiredSite = fc
  .record({
    base: fc.constantFrom(...demoSites),
    firmwares: fc.array(fc.constantFrom(...FIRMWARES), { minLength: 12, maxLength: 12 }),
    copyFrom: fc.option(fc.nat(11), { nil: undefined }),
    copyTo: fc.nat(11),
  })
  .map(({ base, firmwares, copyFrom, copyTo }) => {
    const ecus = base.stations.flatMap((s) => s.ecus);
    const source = copyFrom === undefined ? undefined : ecus[copyFrom % ecus.length];
    let i = 0;
    const stations = base.stations.map((station) => ({
      ...station,
      ecus: station.ecus.map((ecu) => {
        const n = i++;
        const firmware = firmwares[n] ?? ecu.firmware;
        const config =
          source && n === copyTo % ecus.length ? { ...ecu.config, ...source.config } : ecu.config;
        return { ...ecu, firmware, config };
      }),
    }));
    return { ...base, stations };
  })
  .filter((site) => Site.safeParse(site).success);

/** Per ECU: not reported, or its desired configuration as the ECU renders it with some keys dropped or swapped. */
const aReportPlan = fc.array(
  fc.record({
    reported: fc.boolean(),
    firmware: fc.constantFrom(...FIRMWARES),
    drop: fc.array(fc.nat(40), { maxLength: 4 }),
    swapWith: fc.option(fc.nat(11), { nil: undefined }),
  }),
  { minLength: 12, maxLength: 12 },
);

type Plan = typeof aReportPlan extends fc.Arbitrary<infer T> ? T : never;

function snapshotsOf(site: Site, plan: Plan, sequence: number) {
  const ecus = site.stations.flatMap((s) => s.ecus);
  return ecus.flatMap((ecu, n) => {
    const p = plan[n];
    if (!p?.reported) return [];
    const version = firmwareVersionOf(p.firmware) ?? '4.61';
    const other = p.swapWith === undefined ? undefined : ecus[p.swapWith % ecus.length];
    const config = other ? { ...ecu.config, ...other.config } : ecu.config;
    const entries = renderOcppConfiguration(config, version).filter((_, k) => !p.drop.includes(k));
    const snapshot = snapshotOfConfiguration({
      entries,
      firmwareVersion: p.firmware,
      trigger: 'change',
      sequence,
    });
    return [
      aReportedConfig({
        chargePointId: ecu.chargePointId,
        observedAt: clock.now().toISOString(),
        ...snapshot,
      }),
    ];
  });
}

async function seed(orgId: string, site: Site, plan: Plan): Promise<void> {
  const repos = forOrg(orgId, fleet);
  const head = await repos.desiredConfig.get(site.id);
  const record = {
    ...splitSecrets(site),
    version: (head?.version ?? 0) + 1,
    savedAt: clock.now().toISOString(),
    savedBy: 'test',
    changes: [],
  };
  expect(await repos.desiredConfig.save(site.id, record, head?.version)).toBe('saved');
  await report(orgId, site, plan);
}

/** The ECUs' configuration reports of a plan, as the ingest stores them (the desired version stays). */
async function report(orgId: string, site: Site, plan: Plan): Promise<void> {
  const repos = forOrg(orgId, fleet);
  for (const message of snapshotsOf(site, plan, tick))
    expect(await repos.telemetry.apply(site.id, message, Math.floor(Date.now() / 1000))).toBe('applied');
}

describe('the cloud audit and drift equal the CLI’s for the same inputs', () => {
  it('for generated sites and reported snapshots (fast-check)', async () => {
    let n = 0;
    const seen = { findings: 0, drifted: 0 };
    await fc.assert(
      fc.asyncProperty(aDesiredSite, aReportPlan, async (desired, plan) => {
        const site = { ...desired, id: `prop-${n++}` };
        await seed('org-cli', site, plan);
        expect((await auditDrift(streamRecord('org-cli', site.id), rt())).status).toBe('stored');
        const stored = (await forOrg('org-cli', fleet).configAudit.get(site.id)) as SiteAuditResult;

        const repos = forOrg('org-cli', fleet);
        const head = await repos.desiredConfig.get(site.id);
        const reported = Object.fromEntries(
          (await repos.reportedConfig.get(site.id)).map((r) => [r.chargePointId, reportedConfigOf(r)]),
        );
        const siteFile = path.join(dir, `${site.id}.json`);
        const reportedFile = path.join(dir, `${site.id}.reported.json`);
        await writeFile(siteFile, JSON.stringify(joinSecrets(head!.site, head!.secrets)));
        await writeFile(reportedFile, JSON.stringify(reported));
        const audit = await runCli(['audit', siteFile]);
        const drift = await runCli(['drift', siteFile, reportedFile]);
        expect([audit.code, drift.code]).toEqual([0, 0]);

        const cliAudit = JSON.parse(audit.stdout) as { summary: unknown; findings: unknown[] };
        expect(stored.findings.map(({ id: _id, path: _path, ...finding }) => finding)).toEqual(
          cliAudit.findings,
        );
        expect(stored.summary).toEqual(cliAudit.summary);
        expect(JSON.parse(JSON.stringify(stored.drift))).toEqual(JSON.parse(drift.stdout));
        seen.findings += stored.findings.length;
        seen.drifted += stored.drift.counts.driftedParameters;
      }),
      { numRuns: 20 },
    );
    // The generator reaches what is compared: findings and drifted parameters.
    expect(seen.findings).toBeGreaterThan(0);
    expect(seen.drifted).toBeGreaterThan(0);
  });
});

describe('fleet roll-up', () => {
  it('equals a from-scratch sum of the sites’ results after random changes, replays and late runs', async () => {
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            site: fc.nat(2),
            desired: aDesiredSite,
            plan: aReportPlan,
            // Handler runs in this order: replays (a record delivered twice) and a run before the change.
            runsBefore: fc.nat(1),
            runsAfter: fc.nat(2),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        async (changes) => {
          const orgId = `org-rollup-${round++}`;
          const repos = forOrg(orgId, fleet);
          const siteIds = new Set<string>();
          for (const change of changes) {
            const site = { ...change.desired, id: `s-${change.site}` };
            siteIds.add(site.id);
            for (let r = 0; r < change.runsBefore; r++) await auditDrift(streamRecord(orgId, site.id), rt());
            await seed(orgId, site, change.plan);
            for (let r = 0; r < change.runsAfter; r++)
              await auditDrift(streamRecord(orgId, site.id, 'CONFIG#REPORTED#x'), rt());
          }
          // Every site's last change has been handled at least once (a stream delivers each record).
          for (const siteId of siteIds) await auditDrift(streamRecord(orgId, siteId), rt());

          const results = await Promise.all([...siteIds].map((s) => repos.configAudit.get(s)));
          // Each stored result is the latest state's, and the roll-up is exactly their sum.
          for (const [k, siteId] of [...siteIds].entries()) {
            const fresh = await refreshSiteAudit({ repos, clock }, { siteId });
            expect(fresh).toBe('unchanged');
            const result = results[k]!;
            expect(result.contribution).toEqual(siteContribution(result.findings, result.drift));
          }
          const { counters } = await repos.configAudit.rollup();
          expect(counters).toEqual(sumContributions(results.map((r) => r!.contribution)));
        },
      ),
      { numRuns: 12 },
    );
  });

  it('never lets an older basis replace a newer result, and counts a replay once', async () => {
    const repos = forOrg('org-order', fleet);
    const site = { ...demoSites[0]!, id: 'ordered' };
    await seed('org-order', site, []);
    expect((await auditDrift(streamRecord('org-order', site.id), rt())).status).toBe('stored');
    const first = await repos.configAudit.get(site.id);
    // A replay of the same record: nothing written, nothing added.
    expect((await auditDrift(streamRecord('org-order', site.id), rt())).status).toBe('unchanged');
    expect((await repos.configAudit.get(site.id))?.revision).toBe(first?.revision);
    // A result computed from an older basis (a racing, slower run) is refused by the store's revision
    // guard, and a later refresh sees it as older.
    await seed('org-order', site, []);
    expect((await auditDrift(streamRecord('org-order', site.id), rt())).status).toBe('stored');
    const newer = await repos.configAudit.get(site.id);
    expect(newer?.basis.desiredVersion).toBe(2);
    expect(await repos.configAudit.store({ ...first!, computedAt: 'late' }, first)).toBe('conflict');
    expect((await repos.configAudit.get(site.id))?.basis.desiredVersion).toBe(2);
    const { counters } = await repos.configAudit.rollup();
    expect(counters).toEqual(sumContributions([newer!.contribution]));
  });

  it('rejects a record that is not of a site partition, naming the field', async () => {
    const out = await auditDrift({ dynamodb: { Keys: { pk: { S: 'ORG#x#AUDIT' }, sk: { S: 'x' } } } }, rt());
    expect(out).toEqual({
      status: 'rejected',
      issues: [{ path: 'dynamodb.Keys.pk', message: 'not a site partition key' }],
    });
  });
});

describe('site list filters by rule, parameter and drift (facets the handler writes on the site item)', () => {
  const settings = { heartbeatIntervalS: 60 };
  const listed = async (orgId: string, query: Record<string, unknown>) =>
    (
      await listSites(
        { repos: forOrg(orgId, fleet), clock, settings, principal: aUser(orgId) },
        SiteListQuery.parse(query),
      )
    ).items.map((s) => s.siteId);
  const register = (orgId: string, site: Site) =>
    forOrg(orgId, fleet).sites.register({ siteId: site.id, name: site.name, tags: [] });

  it('a finding appears → the site matches its rule and parameter; fixed → it no longer does', async () => {
    const orgId = 'org-filter';
    const fixed = { ...demoSites[0]!, id: 'filtered' };
    // The same site with its first ECU (a DLM master on 4.52) set a parameter its firmware lacks (from 4.61).
    const broken = {
      ...fixed,
      stations: fixed.stations.map((st, i) =>
        i === 0
          ? {
              ...st,
              ecus: st.ecus.map((e, k) =>
                k === 0
                  ? { ...e, config: { ...e.config, externalLoadHeadroom: { l1: 5, l2: 5, l3: 5 } } }
                  : e,
              ),
            }
          : st,
      ),
    };
    const finding = siteFindings(broken).find((f) => f.ruleId === 'param.not-in-firmware');
    expect(finding?.target.kind).toBe('parameter');
    const parameter = finding!.target.kind === 'parameter' ? finding!.target.parameter : '';
    expect(siteFindings(fixed).some((f) => f.ruleId === 'param.not-in-firmware')).toBe(false);
    await register(orgId, fixed);
    await register(orgId, { ...fixed, id: 'bystander' });

    const run = async (site: Site) => {
      await seed(orgId, site, []);
      expect((await auditDrift(streamRecord(orgId, site.id), rt())).status).toBe('stored');
    };
    await run(fixed);
    expect(await listed(orgId, { rule: 'param.not-in-firmware' })).toEqual([]);
    await run(broken);
    expect(await listed(orgId, { rule: 'param.not-in-firmware' })).toEqual(['filtered']);
    expect(await listed(orgId, { parameter })).toEqual(['filtered']);
    // Composable with the other filters and paging.
    expect(await listed(orgId, { rule: 'param.not-in-firmware', search: 'nothing-like-it' })).toEqual([]);
    expect(await listed(orgId, { rule: 'param.not-in-firmware', hasFindings: true, limit: 1 })).toEqual([
      'filtered',
    ]);
    await run(fixed);
    expect(await listed(orgId, { rule: 'param.not-in-firmware' })).toEqual([]);
    expect(await listed(orgId, { parameter })).toEqual([]);
    // The bystander (never audited) is in the unfiltered list, and in no filtered one.
    expect(await listed(orgId, {})).toEqual(['bystander', 'filtered']);
  });

  it('a drifting ECU → the site matches the parameter and "with drift"; reported back in line → neither', async () => {
    const orgId = 'org-filter-drift';
    const site = { ...demoSites[0]!, id: 'drifty' };
    await register(orgId, site);
    const ecus = site.stations.flatMap((s) => s.ecus);
    const inLine: Plan = ecus.map(() => ({
      reported: true,
      firmware: FIRMWARES[2]!,
      drop: [],
      swapWith: undefined,
    }));
    // Every ECU reports its desired configuration, the first one with a second ECU's values swapped in.
    const swapTo = ecus.findIndex((e) => JSON.stringify(e.config) !== JSON.stringify(ecus[0]!.config));
    expect(swapTo).toBeGreaterThan(0);
    const drifting = inLine.map((p, n) => (n === 0 ? { ...p, swapWith: swapTo } : p));
    await seed(orgId, site, drifting);
    await auditDrift(streamRecord(orgId, site.id, 'CONFIG#REPORTED#x'), rt());
    const stored = (await forOrg(orgId, fleet).configAudit.get(site.id))!;
    const facets = siteAuditFacets(stored.findings, stored.drift);
    expect(stored.drift.counts.drifted).toBeGreaterThan(0);
    const drifted = stored.drift.ecus.flatMap((e) => e.drift?.drifted.map((d) => d.key) ?? []);
    expect(drifted.length).toBeGreaterThan(0);
    for (const key of drifted) expect(await listed(orgId, { parameter: key })).toEqual(['drifty']);
    expect(await listed(orgId, { hasDrift: true })).toEqual(['drifty']);
    expect(facets.driftedEcus).toBe(stored.drift.counts.drifted);
    const read = () =>
      readDrift({ repos: forOrg(orgId, fleet), clock, principal: aUser(orgId) }, { siteId: site.id });
    expect((await read()).source).toBe('stored');

    await report(orgId, site, inLine);
    // The ECUs report back in line, the handler has not run yet: a read must not answer with the drift
    // these reports have just cleared (the Drift tab reads right after an apply run ends).
    const lagging = await read();
    expect(lagging.source).toBe('computed');
    expect(lagging.drift.counts.drifted).toBe(0);
    await auditDrift(streamRecord(orgId, site.id, 'CONFIG#REPORTED#x'), rt());
    const findingParameters = new Set(
      (await forOrg(orgId, fleet).configAudit.get(site.id))!.findings.flatMap((f) =>
        f.target.kind === 'parameter' ? [f.target.parameter] : [],
      ),
    );
    for (const key of drifted)
      if (!(findingParameters as Set<string>).has(key))
        expect(await listed(orgId, { parameter: key })).toEqual([]);
    expect(await listed(orgId, { hasDrift: true })).toEqual([]);
    expect(await listed(orgId, { hasDrift: false })).toEqual(['drifty']);
  });

  it('after random changes the list matches each rule exactly at the sites whose stored findings have it (fast-check)', async () => {
    let round = 0;
    const rules = listRules().map((r) => r.id);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ site: fc.nat(2), desired: aDesiredSite, plan: aReportPlan }), {
          minLength: 1,
          maxLength: 3,
        }),
        async (changes) => {
          const orgId = `org-filter-prop-${round++}`;
          const repos = forOrg(orgId, fleet);
          const siteIds = new Set<string>();
          for (const change of changes) {
            const site = { ...change.desired, id: `f-${change.site}` };
            if (!siteIds.has(site.id)) await register(orgId, site);
            siteIds.add(site.id);
            await seed(orgId, site, change.plan);
            await auditDrift(streamRecord(orgId, site.id), rt());
          }
          const stored = new Map(
            await Promise.all(
              [...siteIds].map(async (id) => [id, (await repos.configAudit.get(id))!] as const),
            ),
          );
          const expected = (has: (id: string) => boolean) => [...siteIds].filter(has).sort();
          const firing = new Set([...stored.values()].flatMap((r) => r.findings.map((f) => f.ruleId)));
          // Every rule that fires somewhere, and one that fires nowhere.
          for (const rule of [...firing, rules.find((r) => !firing.has(r))!])
            expect((await listed(orgId, { rule, limit: 100 })).sort(), rule).toEqual(
              expected((id) => stored.get(id)!.findings.some((f) => f.ruleId === rule)),
            );
          const parameters = new Set(
            [...stored.values()].flatMap((r) => siteAuditFacets(r.findings, r.drift).parameters),
          );
          for (const parameter of parameters)
            expect((await listed(orgId, { parameter, limit: 100 })).sort(), parameter).toEqual(
              expected((id) => {
                const r = stored.get(id)!;
                return siteAuditFacets(r.findings, r.drift).parameters.includes(parameter);
              }),
            );
        },
      ),
      { numRuns: 5 },
    );
  });
});
