import { applyTelemetry } from '@ampfleet/adapters';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aMeterValues, aStatus } from '../../../../test/support/builders';
import { aDlmState, aSiteMeter } from '../../../../test/support/dlm-builders';
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
  await put('org-a', 'a-site', aDlmState({ chargePointId: 'A-1', networkId: 'a-net' }));
  await put(
    'org-a',
    'a-site',
    aSiteMeter({ chargePointId: 'A-1', networkId: 'a-net', observedAt: '2026-11-24T10:00:02.000Z' }),
  );
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
    expect(b.sites[0]?.dlmNetworks).toEqual([]);
  });

  it('exposes each DLM network with its effective limit, sums and meter link', async () => {
    const a = await callerFor('org-a').fleet.list();
    expect(a.sites[0]?.dlmNetworks).toMatchObject([
      {
        networkId: 'a-net',
        masterChargePointId: 'A-1',
        state: { limits: { effective: { l1: 50, l2: 50, l3: 50 } }, offered: { l1: 32, l2: 32, l3: 32 } },
        meter: { connected: true, currents: { l1: 21.5, l2: 18.2, l3: 30.1 } },
      },
    ]);
  });

  it('refuses a caller without a principal', async () => {
    await expect(noCaller.fleet.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
