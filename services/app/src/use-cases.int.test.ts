import { forOrg, type FleetStore } from '@ampfleet/adapters';
import { aSite as aSiteConfig, aUser, auditSite, SiteListQuery } from '@ampfleet/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aBoot, aMeterValues, aStatus } from '../../../test/support/builders';
import { startTestStore, type TestStore } from '../../../test/support/dynamo';
import {
  getCommand,
  ingestTelemetry,
  InvalidRequestError,
  listCommands,
  listSites,
  listTransactions,
  NotFoundError,
  readFleetOverview,
  readSite,
  registerSite,
  sendCommand,
  siteSummaryCache,
  type CommandPublisher,
} from './index';

// The use cases against a real DynamoDB Local, each over repositories bound to one organisation.
let store: TestStore;
let fleet: FleetStore;
const now = new Date('2026-11-24T10:01:00.000Z');
const clock = { now: () => now };
const settings = { heartbeatIntervalS: 60 };
const ctxOf = (orgId: string) => ({ repos: forOrg(orgId, fleet), clock, settings, principal: aUser(orgId) });
const sent: string[] = [];
const publisher: CommandPublisher = {
  publish: async (_org, site, c) => void sent.push(`${site}/${c.commandId}`),
};
const brokenPublisher: CommandPublisher = {
  publish: async () => {
    throw new Error('broker unreachable');
  },
};
let ids = 0;
const newId = () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;

/** Registers a site of an org and reports one charge point's state through the ingest use case. */
async function aSite(
  orgId: string,
  siteId: string,
  over: { name?: string; tags?: string[]; cps?: number } = {},
) {
  const { repos } = ctxOf(orgId);
  await repos.sites.register({
    siteId,
    name: over.name ?? siteId,
    tags: over.tags ?? [],
    firmware: ['4.61-1'],
  });
  for (let i = 1; i <= (over.cps ?? 1); i++) {
    const cp = `${siteId}-cp${i}`;
    const at = '2026-11-24T10:00:00.000Z';
    await ingestTelemetry(ctxOf(orgId), { siteId, message: aBoot({ chargePointId: cp, observedAt: at }) });
    await ingestTelemetry(ctxOf(orgId), {
      siteId,
      message: aStatus({ chargePointId: cp, status: i === 1 ? 'Charging' : 'Available', observedAt: at }),
    });
    await ingestTelemetry(ctxOf(orgId), {
      siteId,
      message: aMeterValues({ chargePointId: cp, observedAt: at, currentImport: { l1: 10, l2: 9, l3: 8 } }),
    });
  }
}

beforeAll(async () => {
  store = await startTestStore('ampfleet-app');
  fleet = { doc: store.clients.doc, table: store.table };
  await aSite('org-a', 'depot-north', { name: 'Depot North', tags: ['fleet'], cps: 2 });
  await aSite('org-a', 'hq', { name: 'Headquarters' });
  await aSite('org-a', 'yard', { name: 'Yard', cps: 3 });
  await aSite('org-b', 'b-site', { name: 'Depot B' });
});
afterAll(() => store.stop());

describe('use cases over org-bound repositories', () => {
  it("lists only the organisation's sites, with counts kept by the ingest", async () => {
    const page = await listSites(ctxOf('org-a'), SiteListQuery.parse({}));
    expect(page.items.map((s) => s.siteId)).toEqual(['depot-north', 'hq', 'yard']);
    expect(page.items[0]).toMatchObject({
      name: 'Depot North',
      tags: ['fleet'],
      counts: { total: 2, online: 2, offline: 0, charging: 1, faulted: 0 },
      firmware: ['4.61-1'],
      currentLoadA: 20,
    });
    const b = await listSites(ctxOf('org-b'), SiteListQuery.parse({}));
    expect(b.items.map((s) => s.siteId)).toEqual(['b-site']);
  });

  it("keeps a charge point's state in the list when another charge point's newer message landed first", async () => {
    const ctx = ctxOf('org-c');
    await ctx.repos.sites.register({ siteId: 'skew', name: 'Clock skew' });
    const msg = (cp: string, status: 'Charging' | 'Faulted' | 'Available', at: string) =>
      ingestTelemetry(ctx, {
        siteId: 'skew',
        message: aStatus({ chargePointId: cp, status, observedAt: at }),
      });
    expect(await msg('A', 'Available', '2026-11-24T10:00:30.000Z')).toBe('applied');
    // B's ECU clock is behind A's: its status is older than the site's last telemetry, yet it is news.
    expect(await msg('B', 'Faulted', '2026-11-24T10:00:10.000Z')).toBe('applied');
    // A late, older status of B itself is still dropped.
    expect(await msg('B', 'Available', '2026-11-24T10:00:05.000Z')).toBe('stale');
    const [site] = (await listSites(ctx, SiteListQuery.parse({}))).items;
    expect(site?.counts).toMatchObject({ total: 2, faulted: 1 });
  });

  it('registers a site from its configuration: tags, address, firmware and audit findings for the filters', async () => {
    const config = aSiteConfig({
      id: 'configured',
      name: 'Configured',
      address: 'Lindenweg 12',
      tags: ['public'],
    });
    await registerSite(ctxOf('org-d'), config);
    const [row] = (await listSites(ctxOf('org-d'), SiteListQuery.parse({ search: 'linden' }))).items;
    const errors = auditSite(config).filter((f) => f.severity === 'error').length;
    expect(row).toMatchObject({ siteId: 'configured', address: 'Lindenweg 12', tags: ['public'] });
    expect(row?.findings?.errors).toBe(errors);
    expect(row?.firmware.length).toBeGreaterThan(0);
  });

  it('searches, sorts and pages on the server side', async () => {
    const ctx = ctxOf('org-a');
    expect(
      (await listSites(ctx, SiteListQuery.parse({ search: 'FLEET' }))).items.map((s) => s.siteId),
    ).toEqual(['depot-north']);
    const first = await listSites(ctx, SiteListQuery.parse({ limit: 2, sort: 'chargePoints' }));
    expect(first.items.map((s) => s.siteId)).toEqual(['hq', 'depot-north']);
    expect(first.total).toBe(3);
    const second = await listSites(
      ctx,
      SiteListQuery.parse({ limit: 2, sort: 'chargePoints', cursor: first.nextCursor! }),
    );
    expect(second).toMatchObject({ items: [{ siteId: 'yard' }], nextCursor: null, total: 3 });
    await expect(listSites(ctx, SiteListQuery.parse({ cursor: '[1' }))).rejects.toThrow(InvalidRequestError);
  });

  it('sums the overview from the same summaries', async () => {
    const o = await readFleetOverview(ctxOf('org-a'));
    expect(o).toMatchObject({
      sites: 3,
      chargePoints: { total: 6, online: 6, charging: 3 },
      currentLoadA: 60,
    });
  });

  it("reads one site live, and answers NOT_FOUND for another organisation's site", async () => {
    const site = await readSite(ctxOf('org-a'), { siteId: 'yard' });
    expect(site.chargePoints.map((c) => c.chargePointId)).toEqual(['yard-cp1', 'yard-cp2', 'yard-cp3']);
    await expect(readSite(ctxOf('org-b'), { siteId: 'yard' })).rejects.toThrow(NotFoundError);
    await expect(readSite(ctxOf('org-a'), { siteId: 'b-site' })).rejects.toThrow(NotFoundError);
  });

  it('sends a command only to a charge point of the organisation, and reads it back only there', async () => {
    const ctx = { ...ctxOf('org-a'), publisher, newId };
    const request = {
      siteId: 'hq',
      chargePointId: 'hq-cp1',
      deadlineS: 60,
      command: { kind: 'reset' as const, type: 'Soft' },
    };
    const record = await sendCommand(ctx, request);
    expect(record).toMatchObject({ status: 'pending', siteId: 'hq', kind: 'reset' });
    expect(sent).toEqual([`hq/${record.commandId}`]);
    expect(await getCommand(ctxOf('org-a'), { siteId: 'hq', commandId: record.commandId })).toMatchObject({
      status: 'pending',
    });
    await expect(getCommand(ctxOf('org-b'), { siteId: 'hq', commandId: record.commandId })).rejects.toThrow(
      NotFoundError,
    );
    expect(await listCommands(ctxOf('org-b'), { siteId: 'hq', limit: 10 })).toEqual([]);
    await expect(sendCommand({ ...ctxOf('org-b'), publisher, newId }, request)).rejects.toThrow(
      NotFoundError,
    );
    expect(sent).toHaveLength(1);
  });

  it('names the bad field of a bad command, and closes a command the broker did not take', async () => {
    const ctx = { ...ctxOf('org-a'), publisher: brokenPublisher, newId };
    const base = { siteId: 'hq', chargePointId: 'hq-cp1', deadlineS: 60 };
    await expect(
      sendCommand(ctx, { ...base, command: { kind: 'setOperatorLimit', amps: -3 } }),
    ).rejects.toThrow(/command\.amps/);
    const failed = await sendCommand(ctx, { ...base, command: { kind: 'reset', type: 'Hard' } });
    expect(failed).toMatchObject({ status: 'failed', detail: 'broker unreachable' });
    expect(await getCommand(ctxOf('org-a'), { siteId: 'hq', commandId: failed.commandId })).toMatchObject({
      status: 'failed',
    });
  });

  it("never lists another organisation's transactions", async () => {
    expect(await listTransactions(ctxOf('org-b'), { siteId: 'hq', limit: 10 })).toEqual([]);
  });

  it('serves list pages from a per-org read model: fresh within 2 s, then refreshed in the background', async () => {
    let t = 0;
    const cache = siteSummaryCache(() => t);
    const ctx = { ...ctxOf('org-a'), cache };
    await listSites(ctx, SiteListQuery.parse({}));
    await ctxOf('org-a').repos.sites.register({ siteId: 'new-site', name: 'New' });
    expect((await listSites(ctx, SiteListQuery.parse({}))).total).toBe(3);
    expect((await listSites({ ...ctxOf('org-b'), cache }, SiteListQuery.parse({}))).total).toBe(1);
    // Older than 2 s: the page is served from the last read while one fresh read runs.
    t = 2001;
    expect((await listSites(ctx, SiteListQuery.parse({}))).total).toBe(3);
    await cache.refreshing('org-a');
    expect((await listSites(ctx, SiteListQuery.parse({}))).total).toBe(4);
  });
});
