import { mkdir } from 'node:fs/promises';
import {
  EMPTY_CHARGE_POINT_TRANSACTIONS,
  startTransaction,
  stopTransaction,
  type AuthorizationStatus,
  type ChargePointTransactions,
  type LedgerStep,
  type OpenTransaction,
  type StartTransactionRequest,
  type StopTransactionRequest,
} from '@ampfleet/domain';
import { openLevel } from '../storage/level';

// The durable side of the transaction ledger (the state machine is the domain's): the id counter and
// each charge point's open and recently closed transactions in a LevelDB of their own, written with
// one fsync'd batch BEFORE the ECU gets its answer. So an id is never handed out twice, also after
// kill -9, and a retried call after a crash finds what it started. Calls are applied one at a time.

export interface TransactionLedger {
  start(
    chargePointId: string,
    request: StartTransactionRequest,
    context: { receivedAt: Date; idTagStatus: AuthorizationStatus },
  ): Promise<LedgerStep>;
  stop(
    chargePointId: string,
    request: StopTransactionRequest,
    context: { receivedAt: Date },
  ): Promise<LedgerStep>;
  openTransactions(chargePointId: string): readonly OpenTransaction[];
  /** The highest id handed out so far. */
  lastId(): number;
  close(): Promise<void>;
}

export class TransactionLedgerError extends Error {
  override readonly name = 'TransactionLedgerError';
}

const LAST_ID_KEY = 'lastId';
const CP_PREFIX = 'cp/';
const CP_END = 'cp0'; // '0' sorts right after '/'

export async function openTransactionLedger(dir: string): Promise<TransactionLedger> {
  await mkdir(dir, { recursive: true });
  const db = openLevel(dir);
  try {
    await db.open();
  } catch (cause) {
    const reason = (cause as { cause?: Error }).cause?.message ?? (cause as Error).message;
    throw new TransactionLedgerError(`cannot open transaction ledger ${dir}: ${reason}`, { cause });
  }
  let lastId = Number((await db.get(LAST_ID_KEY)) ?? 0);
  const states = new Map<string, ChargePointTransactions>();
  for await (const [key, value] of db.iterator({ gt: CP_PREFIX, lt: CP_END }))
    states.set(key.slice(CP_PREFIX.length), JSON.parse(value) as ChargePointTransactions);

  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };
  const apply = (chargePointId: string, step: (state: ChargePointTransactions) => LedgerStep) =>
    serially(async () => {
      const result = step(states.get(chargePointId) ?? EMPTY_CHARGE_POINT_TRANSACTIONS);
      if (result.repeated) return result;
      try {
        await db.batch(
          [
            { type: 'put', key: LAST_ID_KEY, value: String(result.lastId) },
            { type: 'put', key: `${CP_PREFIX}${chargePointId}`, value: JSON.stringify(result.state) },
          ],
          { sync: true },
        );
      } catch (cause) {
        throw new TransactionLedgerError('transaction ledger write failed', { cause });
      }
      lastId = result.lastId;
      states.set(chargePointId, result.state);
      return result;
    });

  return {
    start: (cp, request, context) => apply(cp, (s) => startTransaction(lastId, s, request, context)),
    stop: (cp, request, context) => apply(cp, (s) => stopTransaction(lastId, s, request, context)),
    openTransactions: (cp) => states.get(cp)?.open ?? [],
    lastId: () => lastId,
    async close() {
      await queue;
      await db.close();
    },
  };
}
