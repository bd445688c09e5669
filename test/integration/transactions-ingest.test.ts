import { randomUUID } from 'node:crypto';
import { readFleet, readTransactions } from '@ampfleet/adapters';
import type { TelemetryMessage } from '@ampfleet/domain';
import { ingestTelemetry } from '@ampfleet/functions/ingest-telemetry';
import { handlerRuntime } from '@ampfleet/functions/runtime';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORG, telemetryTopic } from '../support/builders';
import { startTestStore, useStoreEnv, type TestStore } from '../support/dynamo';

// Transaction telemetry through the ingest handler into DynamoDB Local: one record per transaction,
// converging whatever the delivery order, applied once per message id; the connector's active session.
let store: TestStore;
const ingest = (site: string, payload: object) =>
  ingestTelemetry({ ...payload, topic: telemetryTopic(ORG, site), receivedAt: Date.now() }, handlerRuntime());

beforeAll(async () => {
  store = await startTestStore();
  useStoreEnv(store);
});
afterAll(() => store.stop());

type Of<T extends TelemetryMessage['type']> = Extract<TelemetryMessage, { type: T }>;
const envelope = (observedAt: string) => ({
  v: 1 as const,
  messageId: randomUUID(),
  chargePointId: 'cp-1',
  observedAt,
});
const started = (id: number, startedAt: string, over: Partial<Of<'transactionStarted'>> = {}) =>
  ({
    ...envelope(startedAt),
    type: 'transactionStarted',
    transactionId: id,
    connectorId: 1,
    idTag: 'CARD-123456',
    idTagStatus: 'Accepted',
    meterStartWh: 1000,
    startedAt,
    ...over,
  }) satisfies Of<'transactionStarted'>;
const stopped = (
  id: number,
  startedAt: string,
  stoppedAt: string,
  over: Partial<Of<'transactionStopped'>> = {},
) =>
  ({
    ...envelope(stoppedAt),
    type: 'transactionStopped',
    transactionId: id,
    matched: true,
    startedAt,
    connectorId: 1,
    idTag: 'CARD-123456',
    meterStartWh: 1000,
    meterStopWh: 7500,
    stoppedAt,
    reason: 'EVDisconnected',
    ...over,
  }) satisfies Of<'transactionStopped'>;

const T0 = '2026-11-24T08:00:00.000Z';
const T1 = '2026-11-24T09:00:00.000Z';
const T2 = '2026-11-24T10:00:00.000Z';

async function sessionOf(site: string) {
  const fleet = await readFleet(store.clients.doc, store.table, ORG);
  return fleet.connectors.find((c) => c.siteId === site && c.chargePointId === 'cp-1')?.session;
}

describe('transaction ingest', () => {
  it('records start and stop as one transaction, shows the active session masked, applies each id once', async () => {
    const site = 'tx-basic';
    const start = started(1, T0);
    expect(await ingest(site, start)).toEqual({ status: 'applied' });
    expect(await sessionOf(site)).toEqual({
      transactionId: 1,
      startedAt: T0,
      idTagMasked: '••••••456',
      idTagStatus: 'Accepted',
      meterStartWh: 1000,
    });
    const before = await store.scanAll();
    expect(await ingest(site, start)).toEqual({ status: 'duplicate' });
    expect(await store.scanAll()).toEqual(before);

    expect(await ingest(site, stopped(1, T0, T1))).toEqual({ status: 'applied' });
    expect(await sessionOf(site)).toBeUndefined();
    const list = await readTransactions(store.clients.doc, store.table, {
      orgId: ORG,
      siteId: site,
      limit: 10,
    });
    expect(list).toEqual([
      expect.objectContaining({
        transactionId: 1,
        startedAt: T0,
        stoppedAt: T1,
        energyWh: 6500,
        idTagMasked: '••••••456',
        stopReason: 'EVDisconnected',
      }),
    ]);
    expect(JSON.stringify(list)).not.toContain('CARD-123456');
    // Tenancy: another organisation naming the same site id sees nothing.
    expect(
      await readTransactions(store.clients.doc, store.table, { orgId: 'org-b', siteId: site, limit: 10 }),
    ).toEqual([]);
  });

  it('rejects a transaction message with a bad field and writes nothing', async () => {
    const before = await store.scanAll();
    const result = await ingest('tx-bad', { ...started(1, T0), meterStartWh: -5 });
    expect(result.status).toBe('rejected');
    expect('issues' in result && result.issues.map((i) => i.path)).toContain('meterStartWh');
    expect(await store.scanAll()).toEqual(before);
  });

  it('converges to the same state in every delivery order, duplicates included', async () => {
    const expectedFinal = async (site: string, withBStop: boolean) => {
      const list = await readTransactions(store.clients.doc, store.table, {
        orgId: ORG,
        siteId: site,
        limit: 10,
      });
      expect(
        list.map((t) => [t.transactionId, t.stoppedAt, t.energyWh, t.meterStartWh, t.connectorId]),
      ).toEqual([
        [2, withBStop ? T2 : undefined, withBStop ? 2000 : undefined, 3000, 1],
        [1, T1, 2000, 1000, 1],
      ]);
      expect((await sessionOf(site))?.transactionId).toBe(withBStop ? undefined : 2);
    };
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.nat(),
        fc.array(fc.nat(), { maxLength: 2 }),
        async (withBStop, seed, repeats) => {
          const site = `tx-order-${run++}`;
          // A runs T0–T1 and is superseded by B at T1 (same connector, same instant); B stops at T2.
          // Fresh message ids per run (dedup is table-wide); repeats within a run are true duplicates.
          const a = started(1, T0);
          const aStop = stopped(1, T0, T1, { reason: 'Superseded', meterStopWh: 3000 });
          const b = started(2, T1, { meterStartWh: 3000, idTag: 'CARD-999' });
          const bStop = stopped(2, T1, T2, { idTag: 'CARD-999', meterStartWh: 3000, meterStopWh: 5000 });
          const messages: TelemetryMessage[] = withBStop ? [a, aStop, b, bStop] : [a, aStop, b];
          const order =
            fc.sample(fc.shuffledSubarray(messages, { minLength: messages.length }), {
              seed,
              numRuns: 1,
            })[0] ?? messages;
          const deliveries = [...order, ...repeats.map((r) => order[r % order.length] as TelemetryMessage)];
          for (const m of deliveries) expect((await ingest(site, m)).status).not.toBe('rejected');
          await expectedFinal(site, withBStop);
        },
      ),
      { numRuns: 24 },
    );
  });
});
