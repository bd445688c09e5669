import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TransactionStoppedTelemetry } from '../contracts/transactions';
import { authorizeIdTag, LocalAuthorization } from './authorization';
import {
  EMPTY_CHARGE_POINT_TRANSACTIONS,
  startTransaction,
  stopTransaction,
  type ChargePointTransactions,
  type LedgerStep,
  type StartTransactionRequest,
  type StopTransactionRequest,
} from './transactions';

const receivedAt = new Date('2026-11-24T10:00:00Z');
const ctx = { receivedAt, idTagStatus: 'Accepted' as const };
const aStart = (over: Partial<StartTransactionRequest> = {}): StartTransactionRequest => ({
  connectorId: 1,
  idTag: 'CARD-1',
  meterStart: 1000,
  timestamp: '2026-11-24T09:00:00Z',
  ...over,
});
const aStop = (over: Partial<StopTransactionRequest> = {}): StopTransactionRequest => ({
  transactionId: 1,
  meterStop: 2500,
  timestamp: '2026-11-24T09:30:00Z',
  reason: 'EVDisconnected',
  ...over,
});

describe('transaction ledger', () => {
  it('answers a repeated StartTransaction with the same id, also after the stop', () => {
    const first = startTransaction(7, EMPTY_CHARGE_POINT_TRANSACTIONS, aStart(), ctx);
    expect(first.transactionId).toBe(8);
    const again = startTransaction(first.lastId, first.state, aStart({ idTag: 'card-1' }), ctx);
    expect(again).toMatchObject({ transactionId: 8, repeated: true, lastId: 8, state: first.state });
    expect(again.events).toEqual(first.events);
    const stopped = stopTransaction(first.lastId, first.state, aStop({ transactionId: 8 }), ctx);
    const late = startTransaction(stopped.lastId, stopped.state, aStart(), ctx);
    expect(late).toMatchObject({ transactionId: 8, repeated: true, state: stopped.state });
  });

  it('closes an open transaction superseded by a new start on its connector', () => {
    const a = startTransaction(0, EMPTY_CHARGE_POINT_TRANSACTIONS, aStart(), ctx);
    const b = startTransaction(
      a.lastId,
      a.state,
      aStart({ idTag: 'CARD-2', meterStart: 1800, timestamp: '2026-11-24T09:40:00Z' }),
      ctx,
    );
    expect(b.transactionId).toBe(2);
    expect(b.state.open.map((t) => t.transactionId)).toEqual([2]);
    expect(b.events.map((e) => e.body)).toMatchObject([
      { type: 'transactionStopped', transactionId: 1, reason: 'Superseded', meterStopWh: 1800 },
      { type: 'transactionStarted', transactionId: 2, idTag: 'CARD-2' },
    ]);
    const retried = startTransaction(
      b.lastId,
      b.state,
      aStart({ idTag: 'CARD-2', meterStart: 1800, timestamp: '2026-11-24T09:40:00Z' }),
      ctx,
    );
    expect(retried).toMatchObject({ repeated: true, transactionId: 2 });
    expect(retried.events).toEqual(b.events);
  });

  it('matches a stop with id -1 to the open transaction, else records a closed one with a fresh id', () => {
    const offline = aStart({ timestamp: '2026-11-20T08:00:00Z' });
    const a = startTransaction(4, EMPTY_CHARGE_POINT_TRANSACTIONS, offline, ctx);
    expect(a.events[0]?.body).toMatchObject({ startedAt: '2026-11-20T08:00:00.000Z' });
    const s = stopTransaction(a.lastId, a.state, aStop({ transactionId: -1 }), ctx);
    expect(s).toMatchObject({ transactionId: 5, lastId: 5, state: { open: [] } });
    expect(s.events[0]?.body).toMatchObject({ matched: true, meterStartWh: 1000, meterStopWh: 2500 });

    const lone = stopTransaction(9, EMPTY_CHARGE_POINT_TRANSACTIONS, aStop({ transactionId: -1 }), ctx);
    expect(lone).toMatchObject({ transactionId: 10, lastId: 10 });
    expect(lone.events[0]?.body).toMatchObject({ matched: false, transactionId: 10 });
    const retry = stopTransaction(lone.lastId, lone.state, aStop({ transactionId: -1 }), ctx);
    expect(retry).toMatchObject({ transactionId: 10, lastId: 10, repeated: true });
  });

  it('records a stop for an unknown id and flags odd values without rejecting them', () => {
    const u = stopTransaction(3, EMPTY_CHARGE_POINT_TRANSACTIONS, aStop({ transactionId: 99 }), ctx);
    expect(u).toMatchObject({ transactionId: 99, lastId: 99 }); // 99 is never handed out later
    expect(u.events[0]?.body).toMatchObject({ matched: false, anomalies: ['unknownTransactionId'] });
    const a = startTransaction(0, EMPTY_CHARGE_POINT_TRANSACTIONS, aStart(), ctx);
    const bad = stopTransaction(
      a.lastId,
      a.state,
      aStop({ meterStop: 10, timestamp: '1970-01-01T00:00:00Z' }),
      ctx,
    );
    expect(bad.events[0]?.body).toMatchObject({
      stoppedAt: receivedAt.toISOString(),
      anomalies: ['meterStopBelowMeterStart'],
    });
  });
});

// Random call sequences on two connectors, with retries of earlier calls mixed in.
type Call = { kind: 'start'; r: StartTransactionRequest } | { kind: 'stop'; r: StopTransactionRequest };
const minute = (m: number): string => new Date(Date.parse('2026-11-24T00:00:00Z') + m * 60_000).toISOString();
const callArb: fc.Arbitrary<Call> = fc.oneof(
  fc
    .record({ c: fc.integer({ min: 1, max: 2 }), tag: fc.constantFrom('A', 'B'), m: fc.nat(600) })
    .map(({ c, tag, m }) => ({
      kind: 'start' as const,
      r: { connectorId: c, idTag: tag, meterStart: m * 10, timestamp: minute(m) },
    })),
  fc.record({ id: fc.integer({ min: -1, max: 12 }), m: fc.nat(600) }).map(({ id, m }) => ({
    kind: 'stop' as const,
    r: { transactionId: id === 0 ? -1 : id, meterStop: m * 10, timestamp: minute(m) },
  })),
);
const scriptArb = fc
  .array(fc.tuple(callArb, fc.option(fc.nat(), { nil: undefined })), { maxLength: 40 })
  .map((steps) => {
    const calls: Call[] = [];
    for (const [call, retryOf] of steps) {
      calls.push(call);
      if (retryOf !== undefined && calls.length > 1) calls.push(calls[retryOf % calls.length] as Call);
    }
    return calls;
  });

function apply(lastId: number, state: ChargePointTransactions, call: Call): LedgerStep {
  return call.kind === 'start'
    ? startTransaction(lastId, state, call.r, ctx)
    : stopTransaction(lastId, state, call.r, ctx);
}

describe('transaction ledger properties', () => {
  it('never reuses an id, keeps ≤ 1 open transaction per connector, and is idempotent under retries', () => {
    fc.assert(
      fc.property(scriptArb, (calls) => {
        let lastId = 0;
        let state = EMPTY_CHARGE_POINT_TRANSACTIONS;
        const issued = new Set<number>();
        const factByKey = new Map<string, string>();
        for (const call of calls) {
          const step = apply(lastId, state, call);
          expect(step.lastId).toBeGreaterThanOrEqual(lastId);
          for (const t of step.state.open)
            if (!state.open.includes(t)) {
              expect(issued.has(t.transactionId)).toBe(false); // a new id, never seen before
              expect(t.transactionId).toBeGreaterThan(lastId);
              issued.add(t.transactionId);
            }
          for (const t of [...step.state.open, ...step.state.recent])
            expect(t.transactionId <= step.lastId || ('stop' in t && !t.stop.matched)).toBe(true);
          if (!step.repeated && step.transactionId > lastId) {
            expect(step.lastId).toBe(step.transactionId);
            issued.add(step.transactionId);
          }
          const connectors = step.state.open.map((t) => t.connectorId);
          expect(new Set(connectors).size).toBe(connectors.length);
          for (const e of step.events) {
            if (e.body.type === 'transactionStopped') TransactionStoppedTelemetry.partial().parse(e.body);
            const seen = factByKey.get(e.dedupKey);
            if (seen !== undefined) expect(JSON.stringify(e.body)).toBe(seen); // same key, same fact
            factByKey.set(e.dedupKey, JSON.stringify(e.body));
          }
          // The same call again (a lost answer) changes nothing and answers the same id.
          const retry = apply(step.lastId, step.state, call);
          expect(retry).toMatchObject({
            repeated: true,
            transactionId: step.transactionId,
            lastId: step.lastId,
          });
          expect(retry.state).toBe(step.state);
          lastId = step.lastId;
          state = step.state;
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('authorizeIdTag', () => {
  const auth = LocalAuthorization.parse({
    localList: [
      { idTag: 'CARD-1', status: 'Accepted', parentIdTag: 'FLEET' },
      { idTag: 'OLD', status: 'Accepted', expiryDate: '2026-11-01T00:00:00Z' },
      { idTag: 'STOLEN', status: 'Blocked' },
    ],
  });
  it('answers from the local list, case-insensitively, with Expired after the expiry date', () => {
    expect(authorizeIdTag(auth, 'card-1', receivedAt)).toEqual({ status: 'Accepted', parentIdTag: 'FLEET' });
    expect(authorizeIdTag(auth, 'OLD', receivedAt)).toEqual({
      status: 'Expired',
      expiryDate: '2026-11-01T00:00:00.000Z',
    });
    expect(authorizeIdTag(auth, 'OLD', new Date('2026-10-01T00:00:00Z')).status).toBe('Accepted');
    expect(authorizeIdTag(auth, 'STOLEN', receivedAt).status).toBe('Blocked');
    expect(authorizeIdTag(auth, 'NOBODY', receivedAt).status).toBe('Invalid');
    expect(authorizeIdTag({ ...auth, unknownIdTag: 'Accepted' }, 'NOBODY', receivedAt).status).toBe(
      'Accepted',
    );
  });
  it('refuses a list with the same tag twice', () => {
    expect(() =>
      LocalAuthorization.parse({
        localList: [
          { idTag: 'a', status: 'Accepted' },
          { idTag: 'A', status: 'Blocked' },
        ],
      }),
    ).toThrow('unique');
  });
});
