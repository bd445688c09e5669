import { createDynamoClients, createLogger, ensureTable } from '@ampfleet/adapters';
import type { HandlerRuntime } from '@ampfleet/functions/runtime';
import { ingestTelemetry, ingestTelemetryEvents } from '@ampfleet/functions/ingest-telemetry';
import { fc } from '@fast-check/vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aBoot, aMeterValues, aStatus, telemetryTopic } from '../support/builders';
import { aDlmState } from '../support/dlm-builders';
import { aHeartbeat, aTransactionStarted, aTransactionStopped } from '../support/message-builders';
import { startTestStore, TEST_REGION, type TestStore } from '../support/dynamo';

// The ingest Lambda applies a queue batch with as few transactions as DynamoDB allows. Whatever the
// batch — several sites and organisations, a site's messages in and out of order, a message twice in
// one batch, redeliveries of applied ones, transactions, DLM states that share a minute bucket — the
// table must end exactly as if each message had been applied alone, in order, and each message
// must have left its marker (delivered again, it is a duplicate).

let store: TestStore;
let n = 0;

beforeAll(async () => {
  store = await startTestStore();
});
afterAll(() => store.stop());

async function freshRuntime(): Promise<HandlerRuntime> {
  const table = `batch-${n++}`;
  await ensureTable(store.clients.raw, table);
  const { doc } = createDynamoClients({ region: TEST_REGION, endpoint: store.dynamo.endpoint });
  return {
    doc,
    table,
    log: createLogger('test', () => undefined),
    nowMs: () => Date.parse('2026-11-24T12:00:00.000Z'),
  };
}

async function tableItems(rt: HandlerRuntime): Promise<unknown[]> {
  const out = await rt.doc.send(new ScanCommand({ TableName: rt.table }));
  return (out.Items ?? [])
    .map((item) =>
      JSON.stringify(Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))),
    )
    .sort();
}

const at = (s: number) => new Date(Date.parse('2026-11-24T10:00:00.000Z') + s * 1000).toISOString();
const places = [
  ['org-a', 'site-1'],
  ['org-a', 'site-2'],
  ['org-b', 'site-1'],
] as const;

/** A message for one of a few places, charge points and instants: collisions are the point. */
const aMessage = fc
  .record({
    place: fc.constantFrom(...places),
    cp: fc.constantFrom('cp-1', 'cp-2'),
    s: fc.integer({ min: 0, max: 150 }),
    kind: fc.constantFrom('boot', 'heartbeat', 'status', 'meter', 'dlm', 'start', 'stop'),
    amps: fc.integer({ min: 0, max: 32 }),
  })
  .map(({ place, cp, s, kind, amps }) => {
    const common = { chargePointId: cp, observedAt: at(s) };
    const payload =
      kind === 'boot'
        ? aBoot(common)
        : kind === 'heartbeat'
          ? aHeartbeat(common)
          : kind === 'status'
            ? aStatus({ ...common, status: amps > 10 ? 'Charging' : 'Available' })
            : kind === 'meter'
              ? aMeterValues({ ...common, currentImport: { l1: amps, l2: 0, l3: 0 } })
              : kind === 'dlm'
                ? aDlmState({ ...common, chargePointId: 'cp-1' })
                : kind === 'start'
                  ? aTransactionStarted({ ...common, transactionId: amps + 1, startedAt: at(s) })
                  : aTransactionStopped({ ...common, transactionId: amps + 1, stoppedAt: at(s + 60) });
    return { ...payload, topic: telemetryTopic(place[0], place[1]), receivedAt: 0 };
  });

/** A batch: fresh messages, some sent twice within the batch. */
const aBatch = fc
  .array(fc.tuple(aMessage, fc.boolean()), { minLength: 1, maxLength: 14 })
  .map((pairs) => pairs.flatMap(([m, twice]) => (twice ? [m, structuredClone(m)] : [m])));

describe('ingest of a queue batch', () => {
  it('ends in the same table as applying each message alone in order, and marks every message once', async () => {
    await fc.assert(
      fc.asyncProperty(aBatch, aBatch, async (earlier, batch) => {
        const alone = await freshRuntime();
        const batched = await freshRuntime();
        // An earlier delivery, then the batch, which redelivers part of it.
        const replayed = [...earlier.filter((_, i) => i % 2 === 0), ...batch];
        for (const event of earlier) await ingestTelemetry(event, alone);
        expect(await ingestTelemetryEvents(earlier, batched)).toEqual({});
        for (const event of replayed) await ingestTelemetry(event, alone);
        expect(await ingestTelemetryEvents(replayed, batched)).toEqual({});
        expect(await tableItems(batched)).toEqual(await tableItems(alone));
        // Every message of the batch left its marker: delivered once more, each is a duplicate.
        for (const event of replayed)
          expect((await ingestTelemetry(event, batched)).status).toBe('duplicate');
      }),
      { numRuns: 12 },
    );
  }, 240_000);

  it('reports the first message not applied, and every later one, when the store fails', async () => {
    const rt = await freshRuntime();
    const gone: HandlerRuntime = { ...rt, table: 'no-such-table' };
    const events = [aStatus(), aHeartbeat()].map((m) => ({ ...m, topic: telemetryTopic(), receivedAt: 0 }));
    expect(await ingestTelemetryEvents(events, gone)).toEqual({ failedFrom: 0 });
    // A rejected event in front is acknowledged; the failure starts at the first valid one.
    const withPoison = [{ topic: 'not/a/topic' }, ...events];
    expect(await ingestTelemetryEvents(withPoison, gone)).toEqual({ failedFrom: 1 });
  });
});
