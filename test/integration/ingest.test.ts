import { readFleet } from '@ampfleet/adapters';
import { ingestTelemetry } from '@ampfleet/functions/ingest-telemetry';
import { handlerRuntime } from '@ampfleet/functions/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aBoot, aMeterValues, aStatus, ORG, SITE, telemetryTopic } from '../support/builders';
import { startTestStore, useStoreEnv, type TestStore } from '../support/dynamo';

// The ingest Lambda handler against AWS's DynamoDB Local: idempotent, ordered, all-or-nothing.
let store: TestStore;
const event = (payload: object, topic = telemetryTopic()) => ({ ...payload, topic, receivedAt: Date.now() });
const ingest = (payload: object, topic?: string) => ingestTelemetry(event(payload, topic), handlerRuntime());

beforeAll(async () => {
  store = await startTestStore();
  useStoreEnv(store);
});
afterAll(() => store.stop());

describe('ingest-telemetry handler', () => {
  it('stores boot, status and per-phase meter values under the org and site of the topic', async () => {
    expect(await ingest(aBoot({ chargePointId: 'cp-a' }))).toEqual({ status: 'applied' });
    expect(await ingest(aStatus({ chargePointId: 'cp-a', status: 'Charging' }))).toEqual({
      status: 'applied',
    });
    expect(
      await ingest(aMeterValues({ chargePointId: 'cp-a', currentImport: { l1: 0, l2: 12.5, l3: 0 } })),
    ).toEqual({
      status: 'applied',
    });
    const fleet = await readFleet(store.clients.doc, store.table, ORG);
    expect(fleet.sites.map((s) => s.siteId)).toEqual([SITE]);
    expect(fleet.chargePoints).toMatchObject([
      { chargePointId: 'cp-a', vendor: 'MENNEKES', model: 'AMEDIO Professional+' },
    ]);
    expect(fleet.connectors).toMatchObject([
      { connectorId: 1, status: 'Charging', currentImport: { l1: 0, l2: 12.5, l3: 0 } },
    ]);
    expect(await readFleet(store.clients.doc, store.table, 'another-org')).toEqual({
      sites: [],
      chargePoints: [],
      connectors: [],
      dlmNetworks: [],
    });
  });

  it('applies a message id once, however often it is delivered', async () => {
    const message = aStatus({ chargePointId: 'cp-dup', status: 'Preparing' });
    expect(await ingest(message)).toEqual({ status: 'applied' });
    const before = await store.scanAll();
    expect(await ingest(message)).toEqual({ status: 'duplicate' });
    expect(await ingest(message)).toEqual({ status: 'duplicate' });
    expect(await store.scanAll()).toEqual(before);
  });

  it('never lets a late message overwrite newer state', async () => {
    const cp = 'cp-order';
    await ingest(aStatus({ chargePointId: cp, status: 'Charging', observedAt: '2026-11-24T10:05:00.000Z' }));
    expect(
      await ingest(
        aStatus({ chargePointId: cp, status: 'Available', observedAt: '2026-11-24T10:01:00.000Z' }),
      ),
    ).toEqual({
      status: 'stale',
    });
    const fleet = await readFleet(store.clients.doc, store.table, ORG);
    expect(fleet.connectors.find((c) => c.chargePointId === cp)?.status).toBe('Charging');
  });

  it.each([
    ['a missing field', { ...aMeterValues(), currentImport: undefined }, 'currentImport'],
    ['a negative current', aMeterValues({ currentImport: { l1: -3, l2: 0, l3: 0 } }), 'currentImport.l1'],
    ['an unknown status', { ...aStatus(), status: 'Exploded' }, 'status'],
    ['an unknown field', { ...aStatus(), extra: 1 }, '(root)'],
    ['a bad message id', aStatus({ messageId: 'no spaces allowed' }), 'messageId'],
    ['an unknown type', { ...aStatus(), type: 'selfDestruct' }, 'type'],
  ])('rejects %s, names the field and writes nothing', async (_what, payload, path) => {
    const before = await store.scanAll();
    const result = await ingest(payload);
    expect(result.status).toBe('rejected');
    expect('issues' in result && result.issues.map((i) => i.path)).toContain(path);
    expect(await store.scanAll()).toEqual(before);
  });

  it('rejects events that are not objects or not on a site topic', async () => {
    const before = await store.scanAll();
    const rt = handlerRuntime();
    expect((await ingestTelemetry('just a string', rt)).status).toBe('rejected');
    expect((await ingestTelemetry([1, 2], rt)).status).toBe('rejected');
    expect((await ingest(aStatus(), 'other/topic')).status).toBe('rejected');
    expect((await ingest(aStatus(), 'ampfleet/v1/org a/site/telemetry')).status).toBe('rejected');
    expect(await store.scanAll()).toEqual(before);
  });
});
