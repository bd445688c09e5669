import type { DlmIngestChange } from '../fleet/dlm-ingest';
import type { PerPhaseAmps } from '../phases/per-phase';

// Load history at 1-minute resolution (issue #13 point 5), written by the ingest path in the SAME
// transaction as the 'dlmState' / 'siteMeter' message it comes from, without reading anything first:
// the bucket of the message's minute gets its latest sample SET and its sample count and sums ADDed
// (ADD creates a missing number as 0 first, so the first message of a minute needs no read). The
// exactly-once marker of that transaction makes every ADD count once. Min and max per minute are
// not kept (UpdateExpression has no MIN/MAX; at the DLM sample rate of 30 s a minute holds ~2
// samples) — the history's min/max are over the minute averages of a downsampled bucket.

/** How long a minute bucket lives (the table's TTL attribute): 35 days (issue #13 point 5). */
export const LOAD_BUCKET_TTL_S = 35 * 24 * 3600;

/** Flat attribute names, so ADD works on an item that does not exist yet (no nested map needed). */
export const LoadBucketAttr = {
  /** dlmState: the network's summed EV draw per phase (A). */
  drawnN: 'dN',
  drawnSum: ['dS1', 'dS2', 'dS3'],
  /** siteMeter (connected): the external meter's current per phase (A) and active power (W). */
  meterN: 'mN',
  meterSum: ['mS1', 'mS2', 'mS3'],
  powerN: 'pN',
  powerSum: 'pS',
} as const;

export interface LoadBucketChange {
  readonly networkId: string;
  /** UTC minute 'YYYY-MM-DDTHH:MM' of the message's observedAt. */
  readonly minute: string;
  readonly expiresAtEpochS: number;
  /** Latest sample of this minute (last applied wins). */
  readonly set: Record<string, unknown>;
  readonly add: Record<string, number>;
}

/** 'YYYY-MM-DDTHH:MM' (UTC) of an ISO time with any offset. */
export function minuteOf(iso: string): string {
  return new Date(iso).toISOString().slice(0, 16);
}

export function minuteEpochMs(minute: string): number {
  return Date.parse(`${minute}:00.000Z`);
}

const sums = (names: readonly [string, string, string], p: PerPhaseAmps, n: string) => ({
  [n]: 1,
  [names[0]]: p.l1,
  [names[1]]: p.l2,
  [names[2]]: p.l3,
});

/**
 * The minute bucket update of a DLM message's change, or undefined when the message carries no load
 * (a disconnected meter): then the transaction stays marker + site + DLM network item.
 */
export function loadBucketChangeOf(change: DlmIngestChange): LoadBucketChange | undefined {
  const minute = minuteOf(change.at);
  const expiresAtEpochS = Math.floor(minuteEpochMs(minute) / 1000) + LOAD_BUCKET_TTL_S;
  const base = { networkId: change.networkId, minute, expiresAtEpochS };
  const A = LoadBucketAttr;
  if (change.orderedBy === 'stateAt') {
    const state = change.set.state as { drawn: PerPhaseAmps; limits: { effective?: PerPhaseAmps } };
    return {
      ...base,
      set: {
        drawn: state.drawn,
        stateAt: change.at,
        ...(state.limits.effective && { limit: state.limits.effective }),
      },
      add: sums(A.drawnSum, state.drawn, A.drawnN),
    };
  }
  const meter = change.set.meter as { connected: boolean; currents?: PerPhaseAmps; activePowerW?: number };
  if (!meter.connected || meter.currents === undefined) return undefined;
  return {
    ...base,
    set: {
      meter: meter.currents,
      meterAt: change.at,
      ...(meter.activePowerW !== undefined && { powerW: meter.activePowerW }),
    },
    add: {
      ...sums(A.meterSum, meter.currents, A.meterN),
      ...(meter.activePowerW !== undefined && { [A.powerN]: 1, [A.powerSum]: meter.activePowerW }),
    },
  };
}
