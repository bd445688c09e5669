import { applyTelemetry } from '@ampfleet/adapters';
import { aUser } from '@ampfleet/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aMeterValues, aStatus } from '../../../../test/support/builders';
import { aDlmState, aSiteMeter } from '../../../../test/support/dlm-builders';
import { startTestStore, useStoreEnv, type TestStore } from '../../../../test/support/dynamo';
import { appRouter } from '../_app';
import { contextFor, createCallerFactory } from '../../trpc';

// The tRPC router through createCaller against DynamoDB Local: tenancy is enforced below the UI.
let store: TestStore;
const callerFor = (orgId: string) => createCallerFactory(appRouter)(contextFor(aUser(orgId)));
const noCaller = () => createCallerFactory(appRouter)(contextFor(undefined));

beforeAll(async () => {
  store = await startTestStore('ampfleet-web');
  useStoreEnv(store);
  process.env.AMPFLEET_CONSOLE_ORG_ID = 'unused-by-createCaller';
  const put = (orgId: string, siteId: string, message: Parameters<typeof applyTelemetry>[2]['message']) =>
    applyTelemetry(store.clients.doc, store.table, { orgId, siteId, message, nowEpochS: 0 });
  await put('org-a', 'a-site', aStatus({ chargePointId: 'A-1', status: 'Charging' }));
  await put(
    'org-a',
    'a-site',
    aMeterValues({ chargePointId: 'A-1', currentImport: { l1: 10, l2: 11, l3: 12 } }),
  );
  await put('org-b', 'b-site', aStatus({ chargePointId: 'B-1', status: 'Faulted' }));
  await put('org-a', 'a-site', aDlmState({ chargePointId: 'A-1', networkId: 'a-net' }));
  await put(
    'org-a',
    'a-site',
    aSiteMeter({ chargePointId: 'A-1', networkId: 'a-net', observedAt: '2026-11-24T10:00:02.000Z' }),
  );
});
afterAll(() => store.stop());

describe('sites.get and sites.list', () => {
  it("returns only the caller's organisation, with per-phase currents", async () => {
    const a = await callerFor('org-a').sites.get({ siteId: 'a-site' });
    expect(a.siteId).toBe('a-site');
    expect(a.chargePoints.map((c) => c.chargePointId)).toEqual(['A-1']);
    expect(a.totalCurrentImport).toEqual({ l1: 10, l2: 11, l3: 12 });
    const b = await callerFor('org-b').sites.get({ siteId: 'b-site' });
    expect(b.siteId).toBe('b-site');
    expect(JSON.stringify(b)).not.toContain('A-1');
    expect(b.dlmNetworks).toEqual([]);
    expect((await callerFor('org-a').sites.list({})).items.map((s) => s.siteId)).toEqual(['a-site']);
    expect((await callerFor('org-b').sites.list({})).items.map((s) => s.siteId)).toEqual(['b-site']);
  });

  it("answers NOT_FOUND for another organisation's site", async () => {
    await expect(callerFor('org-b').sites.get({ siteId: 'a-site' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('exposes each DLM network with its effective limit, sums and meter link', async () => {
    const a = await callerFor('org-a').sites.get({ siteId: 'a-site' });
    expect(a.dlmNetworks).toMatchObject([
      {
        networkId: 'a-net',
        masterChargePointId: 'A-1',
        state: { limits: { effective: { l1: 50, l2: 50, l3: 50 } }, offered: { l1: 32, l2: 32, l3: 32 } },
        meter: { connected: true, currents: { l1: 21.5, l2: 18.2, l3: 30.1 } },
      },
    ]);
  });

  it('summarises a site for the list from its own item: charge points by state', async () => {
    const [b] = (await callerFor('org-b').sites.list({ status: 'faulted' })).items;
    expect(b).toMatchObject({ siteId: 'b-site', counts: { total: 1, faulted: 1 } });
    expect((await callerFor('org-b').sites.list({ status: 'charging' })).total).toBe(0);
  });

  it('names the bad field of a bad list request', async () => {
    await expect(callerFor('org-a').sites.list({ limit: 101 })).rejects.toThrow('limit');
    const bad = callerFor('org-a').sites.list({ cursor: 'nonsense' });
    await expect(bad).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(bad).rejects.toThrow('cursor');
  });

  it('refuses a caller without a principal', async () => {
    await expect(noCaller().sites.list({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
