import {
  TransactionStopReason,
  type AuthorizationStatus,
  type TransactionStartedTelemetry,
  type TransactionStoppedTelemetry,
} from '../contracts/transactions';
import { plausibleTimestamp } from './meter-values';

// The edge agent's transaction ledger as a pure state machine (OCPP 1.6 StartTransaction /
// StopTransaction). The adapter persists the returned state durably BEFORE answering the ECU, so an id
// handed out is never handed out again, also after kill -9. It is built for the field's failure modes:
// - a repeated StartTransaction (the ECU retries after a lost answer) gets the SAME id, even after the
//   transaction was stopped meanwhile; a repeated StopTransaction changes nothing;
// - a new start on a connector with an open transaction closes the old one ('Superseded');
// - StopTransaction with id -1 (started offline, never got an id) closes the connector's open
//   transaction if exactly one candidate exists, else it is recorded as a closed transaction of its own;
// - a stop for an id the agent never assigned is accepted and recorded (ECUs retry rejected stops forever).
// Nothing here rejects: odd values are kept and flagged in `anomalies`.

export interface OpenTransaction {
  readonly transactionId: number;
  readonly connectorId: number;
  readonly idTag: string;
  readonly idTagStatus: AuthorizationStatus;
  readonly meterStartWh: number;
  /** Normalised start time (ISO, UTC). */
  readonly startedAt: string;
  /** The ECU's raw timestamp, part of the retry fingerprint. */
  readonly timestamp: string;
}

export interface TransactionStop {
  readonly matched: boolean;
  readonly meterStopWh?: number;
  readonly stoppedAt: string;
  readonly reason: TransactionStopReason;
  readonly anomalies?: readonly string[];
  /** The ECU's raw stop (timestamp, meterStop), to recognise a repeated StopTransaction with id -1. */
  readonly fingerprint?: string;
  /** Closed because this transaction started on its connector ('Superseded'). */
  readonly supersededBy?: number;
}

export interface ClosedTransaction extends Omit<OpenTransaction, 'connectorId' | 'idTag' | 'idTagStatus'> {
  readonly connectorId?: number;
  readonly idTag?: string;
  readonly idTagStatus?: AuthorizationStatus;
  readonly stop: TransactionStop;
}

/** One charge point's part of the ledger. */
export interface ChargePointTransactions {
  /** At most one per connector. */
  readonly open: readonly OpenTransaction[];
  /** The most recently closed, newest last (to answer retries), at most RECENT_CLOSED_KEPT. */
  readonly recent: readonly ClosedTransaction[];
}

export const EMPTY_CHARGE_POINT_TRANSACTIONS: ChargePointTransactions = { open: [], recent: [] };
/** Closed transactions remembered per charge point for retries (an ECU retries its last few calls). */
export const RECENT_CLOSED_KEPT = 16;
/** Foreign ids up to this move the counter past them; beyond it (near int32's end) they are only recorded. */
const MAX_FOREIGN_ID_SKIP = 2_000_000_000;

export interface StartTransactionRequest {
  connectorId: number;
  idTag: string;
  meterStart: number;
  timestamp: string;
}
export interface StopTransactionRequest {
  transactionId: number;
  idTag?: string;
  meterStop: number;
  timestamp: string;
  reason?: string;
}

type Body<T> = Omit<T, 'v' | 'messageId' | 'chargePointId' | 'observedAt'>;
/** A telemetry event without its envelope; `dedupKey` is stable for the same fact (retries re-emit it). */
export type TransactionEvent =
  | { dedupKey: string; body: Body<TransactionStartedTelemetry> }
  | { dedupKey: string; body: Body<TransactionStoppedTelemetry> };

export interface LedgerStep {
  readonly lastId: number;
  readonly state: ChargePointTransactions;
  /** The id answered to the ECU (start) or the one the stop was recorded under. */
  readonly transactionId: number;
  /** true: the call repeated one already applied; the state is unchanged. */
  readonly repeated: boolean;
  readonly events: TransactionEvent[];
}

const sameTag = (a: string, b: string): boolean => a.toUpperCase() === b.toUpperCase(); // IdToken is case-insensitive

function startFingerprintMatches(
  t: OpenTransaction | ClosedTransaction,
  r: StartTransactionRequest,
): boolean {
  return (
    t.connectorId === r.connectorId &&
    t.idTag !== undefined &&
    sameTag(t.idTag, r.idTag) &&
    t.meterStartWh === r.meterStart &&
    t.timestamp === r.timestamp
  );
}

export const startedEvent = (t: OpenTransaction | ClosedTransaction): TransactionEvent => ({
  dedupKey: `start|${t.transactionId}|${t.startedAt}`,
  body: {
    type: 'transactionStarted',
    transactionId: t.transactionId,
    connectorId: t.connectorId ?? 0,
    idTag: t.idTag ?? '',
    idTagStatus: t.idTagStatus ?? 'Accepted',
    meterStartWh: t.meterStartWh,
    startedAt: t.startedAt,
  },
});

export const stoppedEvent = (t: ClosedTransaction): TransactionEvent => ({
  dedupKey: `stop|${t.transactionId}|${t.startedAt}`,
  body: {
    type: 'transactionStopped',
    transactionId: t.transactionId,
    matched: t.stop.matched,
    startedAt: t.startedAt,
    ...(t.connectorId !== undefined && { connectorId: t.connectorId }),
    ...(t.idTag !== undefined && { idTag: t.idTag }),
    ...(t.stop.matched && { meterStartWh: t.meterStartWh }),
    ...(t.stop.meterStopWh !== undefined && { meterStopWh: t.stop.meterStopWh }),
    stoppedAt: t.stop.stoppedAt,
    reason: t.stop.reason,
    ...(t.stop.anomalies?.length ? { anomalies: [...t.stop.anomalies] } : {}),
  },
});

const later = (a: string, b: string): string => (Date.parse(a) >= Date.parse(b) ? a : b);
const remember = (recent: readonly ClosedTransaction[], t: ClosedTransaction): ClosedTransaction[] =>
  [...recent, t].slice(-RECENT_CLOSED_KEPT);

function close(
  t: OpenTransaction,
  stop: {
    meterStopWh: number | undefined;
    at: string;
    reason: TransactionStopReason;
    fingerprint?: string;
    supersededBy?: number;
  },
  extra: readonly string[] = [],
): ClosedTransaction {
  const anomalies = [...extra];
  if (Date.parse(stop.at) < Date.parse(t.startedAt)) anomalies.push('stopBeforeStart');
  if (stop.meterStopWh !== undefined && stop.meterStopWh < t.meterStartWh)
    anomalies.push('meterStopBelowMeterStart');
  return {
    ...t,
    stop: {
      matched: true,
      ...(stop.meterStopWh !== undefined && { meterStopWh: stop.meterStopWh }),
      stoppedAt: later(stop.at, t.startedAt),
      reason: stop.reason,
      ...(anomalies.length && { anomalies }),
      ...(stop.fingerprint !== undefined && { fingerprint: stop.fingerprint }),
      ...(stop.supersededBy !== undefined && { supersededBy: stop.supersededBy }),
    },
  };
}

export function startTransaction(
  lastId: number,
  state: ChargePointTransactions,
  request: StartTransactionRequest,
  context: { receivedAt: Date; idTagStatus: AuthorizationStatus },
): LedgerStep {
  const repeat =
    state.open.find((t) => startFingerprintMatches(t, request)) ??
    state.recent.find((t) => startFingerprintMatches(t, request));
  if (repeat) {
    // Re-emitted with the same dedup keys: if the first answer was lost in a crash before the events
    // were journaled, the retry journals them; if not, the cloud drops the copies.
    const superseded = state.recent.filter((t) => t.stop.supersededBy === repeat.transactionId);
    return {
      lastId,
      state,
      transactionId: repeat.transactionId,
      repeated: true,
      events: [...superseded.map(stoppedEvent), startedEvent(repeat)],
    };
  }

  const startedAt = plausibleTimestamp(request.timestamp, context.receivedAt);
  const events: TransactionEvent[] = [];
  let recent = state.recent;
  const previous = state.open.find((t) => t.connectorId === request.connectorId);
  if (previous) {
    // Its StopTransaction was lost: the new start's meter reading is the best stop reading there is.
    const closed = close(previous, {
      meterStopWh: request.meterStart >= previous.meterStartWh ? request.meterStart : undefined,
      at: startedAt,
      reason: 'Superseded',
      supersededBy: lastId + 1,
    });
    recent = remember(recent, closed);
    events.push(stoppedEvent(closed));
  }
  const opened: OpenTransaction = {
    transactionId: lastId + 1,
    connectorId: request.connectorId,
    idTag: request.idTag,
    idTagStatus: context.idTagStatus,
    meterStartWh: request.meterStart,
    startedAt,
    timestamp: request.timestamp,
  };
  events.push(startedEvent(opened));
  return {
    lastId: opened.transactionId,
    state: { open: [...state.open.filter((t) => t !== previous), opened], recent },
    transactionId: opened.transactionId,
    repeated: false,
    events,
  };
}

/** The OCPP 1.6 Reason values: every TransactionStopReason but the agent's own 'Superseded'. */
const STOP_REASONS: ReadonlySet<string> = new Set<TransactionStopReason>(
  TransactionStopReason.options.filter((r) => r !== 'Superseded'),
);

export function stopTransaction(
  lastId: number,
  state: ChargePointTransactions,
  request: StopTransactionRequest,
  context: { receivedAt: Date },
): LedgerStep {
  const fingerprint = `${request.timestamp}|${request.meterStop}`;
  const knownId = request.transactionId >= 1;
  const done = state.recent.find((t) =>
    knownId ? t.transactionId === request.transactionId : t.stop.fingerprint === fingerprint,
  );
  if (done)
    return { lastId, state, transactionId: done.transactionId, repeated: true, events: [stoppedEvent(done)] };

  const at = plausibleTimestamp(request.timestamp, context.receivedAt);
  // OCPP 1.6: reason absent means 'Local'.
  const reason = (
    request.reason === undefined ? 'Local' : STOP_REASONS.has(request.reason) ? request.reason : 'Other'
  ) as TransactionStopReason;
  const stop = { meterStopWh: request.meterStop, at, reason, fingerprint };
  let target = knownId ? state.open.find((t) => t.transactionId === request.transactionId) : undefined;
  const anomalies: string[] = [];
  if (!knownId) {
    // No connectorId in StopTransaction.req: match the charge point's one open transaction (by idTag if several).
    const byTag = state.open.filter((t) => request.idTag === undefined || sameTag(t.idTag, request.idTag));
    const candidates = state.open.length === 1 ? state.open : byTag;
    if (candidates.length === 1) target = candidates[0];
    anomalies.push('stopWithoutTransactionId');
  }
  if (target) {
    const closed = close(target, stop, anomalies);
    return {
      lastId,
      state: { open: state.open.filter((t) => t !== target), recent: remember(state.recent, closed) },
      transactionId: closed.transactionId,
      repeated: false,
      events: [stoppedEvent(closed)],
    };
  }
  // Nothing to match: a transaction of its own, closed. Offline-started ones get a fresh id.
  const transactionId = knownId ? request.transactionId : lastId + 1;
  const unmatched: ClosedTransaction = {
    transactionId,
    meterStartWh: 0,
    startedAt: at,
    timestamp: request.timestamp,
    stop: {
      matched: false,
      meterStopWh: request.meterStop,
      stoppedAt: at,
      reason,
      anomalies: knownId ? ['unknownTransactionId'] : anomalies,
      fingerprint,
    },
  };
  return {
    // A foreign id above the counter (the agent's state was lost): skip past it, so it is never handed out.
    lastId: knownId
      ? transactionId <= MAX_FOREIGN_ID_SKIP
        ? Math.max(lastId, transactionId)
        : lastId
      : transactionId,
    state: { open: state.open, recent: remember(state.recent, unmatched) },
    transactionId,
    repeated: false,
    events: [stoppedEvent(unmatched)],
  };
}
