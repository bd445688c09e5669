import { readFleet } from '@ampfleet/adapters';
import { ingestTelemetry } from '@ampfleet/functions/ingest-telemetry';
import { handlerRuntime } from '@ampfleet/functions/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORG, SITE, telemetryTopic } from '../support/builders';
import { aDlmState, aSiteMeter } from '../support/dlm-builders';
import { startTestStore, useStoreEnv, type TestStore } from '../support/dynamo';

// Ingest of the DLM messages against DynamoDB Local: latest state and meter reading per DLM network,
// applied once per message id, never overwritten by a late message, bad input writes nothing.
let store: TestStore;
const event = (payload: object) => ({ ...payload, topic: telemetryTopic(), receivedAt: Date.now() });
const ingest = (payload: object) => ingestTelemetry(event(payload), handlerRuntime());
const network = async (networkId: string) =>
  (await readFleet(store.clients.doc, store.table, ORG)).dlmNetworks.find((n) => n.networkId === networkId);

beforeAll(async () => {
  store = await startTestStore('ampfleet-dlm');
  useStoreEnv(store);
});
afterAll(() => store.stop());

describe('ingest of dlmState and siteMeter', () => {
  it('stores the latest DLM state and meter reading of a network on one item, without touching the master', async () => {
    expect(await ingest(aDlmState({ networkId: 'n-a', observedAt: '2026-11-24T10:00:00.000Z' }))).toEqual({
      status: 'applied',
    });
    expect(await ingest(aSiteMeter({ networkId: 'n-a', observedAt: '2026-11-24T10:00:01.000Z' }))).toEqual({
      status: 'applied',
    });
    const n = await network('n-a');
    expect(n).toMatchObject({
      orgId: ORG,
      siteId: SITE,
      networkId: 'n-a',
      masterChargePointId: 'cp-master',
      stateAt: '2026-11-24T10:00:00.000Z',
      meterAt: '2026-11-24T10:00:01.000Z',
      state: { limits: { effective: { l1: 50, l2: 50, l3: 50 } }, drawn: { l1: 30, l2: 29, l3: 31 } },
      meter: { connected: true, currents: { l1: 21.5, l2: 18.2, l3: 30.1 }, model: 'PAC2200' },
    });
    const fleet = await readFleet(store.clients.doc, store.table, ORG);
    expect(fleet.chargePoints.find((c) => c.chargePointId === 'cp-master')).toBeUndefined();
    expect(fleet.sites[0]?.lastTelemetryAt).toBe('2026-11-24T10:00:01.000Z');
  });

  it('applies a message id once and never lets a late message overwrite newer state', async () => {
    const down = aSiteMeter({
      networkId: 'n-b',
      observedAt: '2026-11-24T11:00:05.000Z',
      connected: false,
      fault: 'connect_failed',
      detail: 'ECONNREFUSED',
      currents: undefined,
      voltages: undefined,
      activePowerW: undefined,
      energyImportWh: undefined,
    });
    const clean = Object.fromEntries(Object.entries(down).filter(([, v]) => v !== undefined));
    expect(await ingest(clean)).toEqual({ status: 'applied' });
    const before = await store.scanAll();
    expect(await ingest(clean)).toEqual({ status: 'duplicate' });
    expect(await store.scanAll()).toEqual(before);
    expect(await ingest(aSiteMeter({ networkId: 'n-b', observedAt: '2026-11-24T11:00:00.000Z' }))).toEqual({
      status: 'stale',
    });
    expect((await network('n-b'))?.meter).toMatchObject({ connected: false, fault: 'connect_failed' });
    // A DLM state is ordered apart from the meter: an older-than-the-meter state still lands
    // (only the site's freshness mark, already newer, is left as it is: 'stale').
    expect(await ingest(aDlmState({ networkId: 'n-b', observedAt: '2026-11-24T11:00:01.000Z' }))).toEqual({
      status: 'stale',
    });
    expect((await network('n-b'))?.stateAt).toBe('2026-11-24T11:00:01.000Z');
  });

  it.each([
    ['a connected meter without currents', { ...aSiteMeter(), currents: undefined }, 'currents'],
    ['a disconnected meter without a fault', { ...aSiteMeter(), connected: false }, 'fault'],
    ['a bad network id', aDlmState({ networkId: 'no spaces' }), 'networkId'],
    ['a negative drawn current', aDlmState({ drawn: { l1: -1, l2: 0, l3: 0 } }), 'drawn.l1'],
    [
      'an unknown meter mode',
      { ...aDlmState(), externalMeter: { mode: 'both', configured: true, usingFallback: false } },
      'externalMeter.mode',
    ],
  ])('rejects %s, names the field and writes nothing', async (_what, payload, path) => {
    const before = await store.scanAll();
    const result = await ingest(payload);
    expect(result.status).toBe('rejected');
    expect('issues' in result && result.issues.map((i) => i.path)).toContain(path);
    expect(await store.scanAll()).toEqual(before);
  });
});
