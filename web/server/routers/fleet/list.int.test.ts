import { applyTelemetry } from '@ampfleet/adapters';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aMeterValues, aStatus } from '../../../../test/support/builders';
import { startTestStore, useStoreEnv, type TestStore } from '../../../../test/support/dynamo';
import { appRouter } from '../_app';
import { createCallerFactory } from '../../trpc';

// The tRPC router through createCaller against DynamoDB Local: tenancy is enforced below the UI.
let store: TestStore;
const callerFor = (orgId: string) =>
  createCallerFactory(appRouter)({ principal: { kind: 'console', orgId } });
const noCaller = createCallerFactory(appRouter)({ principal: undefined });

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
});
afterAll(() => store.stop());

describe('fleet.list', () => {
  it("returns only the caller's organisation, with per-phase currents", async () => {
    const a = await callerFor('org-a').fleet.list();
    expect(a.sites.map((s) => s.siteId)).toEqual(['a-site']);
    expect(a.sites[0]?.chargePoints.map((c) => c.chargePointId)).toEqual(['A-1']);
    expect(a.sites[0]?.totalCurrentImport).toEqual({ l1: 10, l2: 11, l3: 12 });
    const b = await callerFor('org-b').fleet.list();
    expect(b.sites.map((s) => s.siteId)).toEqual(['b-site']);
    expect(JSON.stringify(b)).not.toContain('A-1');
  });

  it('refuses a caller without a principal', async () => {
    await expect(noCaller.fleet.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
