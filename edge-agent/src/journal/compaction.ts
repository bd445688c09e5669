import { createHash } from 'node:crypto';
import type { MeterValuesTelemetry, PhaseCurrents, TelemetryMessage } from '@ampfleet/domain';

// The journal's size policy, as a pure function over its oldest entries. When the journal is over its
// byte budget, runs of `meterValues` (per charge point + connector), `heartbeat` (per charge point),
// and `siteMeter` readings and `dlmState` snapshots (per DLM network)
// that fall into the same time bucket are merged into ONE message placed at the run's last position:
// the last reading's currents, power and energy, the bucket's highest offered current per phase.
// Every other type (boot, status, and transactions when they exist) is never dropped or merged, and a
// run is cut at each such event of its charge point, so events keep their order relative to readings.
// The merged message's id is derived from the merged ids: compacting the same entries again (a retry
// after a crash, a replay) yields the same id, so the cloud still applies it at most once.

export interface CompactionEntry {
  readonly seq: number;
  readonly message: TelemetryMessage;
}

export interface CompactionPlan {
  /** Sequence numbers to delete. */
  readonly remove: number[];
  /** Aggregates, each written at the sequence number of its run's last entry (overwriting it). */
  readonly put: CompactionEntry[];
}

/**
 * Types that may be aggregated; everything else is an event and is kept verbatim. 'siteMeter'
 * readings and 'dlmState' snapshots are periodic telemetry too (the last one of a bucket stands for
 * it); a 'siteMeter' with connected:false (meter_disconnected) is an event.
 */
const COMPACTABLE: ReadonlySet<TelemetryMessage['type']> = new Set([
  'meterValues',
  'heartbeat',
  'siteMeter',
  'dlmState',
]);

export const isCompactable = (message: TelemetryMessage): boolean =>
  COMPACTABLE.has(message.type) && !(message.type === 'siteMeter' && !message.connected);

/** A deterministic message id for an aggregate: same merged ids → same id (MessageId: ≤ 64 of [A-Za-z0-9_-]). */
export function aggregateMessageId(mergedIds: readonly string[]): string {
  return `agg-${createHash('sha256').update(mergedIds.join(',')).digest('base64url').slice(0, 43)}`;
}

function bucketKey(message: TelemetryMessage, segment: number, bucketMs: number): string {
  const bucket = Math.floor(Date.parse(message.observedAt) / bucketMs);
  const connector =
    message.type === 'meterValues'
      ? message.connectorId
      : message.type === 'siteMeter' || message.type === 'dlmState'
        ? message.networkId
        : '';
  return `${message.chargePointId}|${message.type}|${connector}|${segment}|${bucket}`;
}

const maxPhases = (a: PhaseCurrents, b: PhaseCurrents): PhaseCurrents => ({
  l1: Math.max(a.l1, b.l1),
  l2: Math.max(a.l2, b.l2),
  l3: Math.max(a.l3, b.l3),
});

function mergeMeterValues(run: readonly MeterValuesTelemetry[], messageId: string): MeterValuesTelemetry {
  const last = run[run.length - 1] as MeterValuesTelemetry;
  const offered = run.reduce((acc, m) => maxPhases(acc, m.currentOffered), last.currentOffered);
  const energy = [...run].reverse().find((m) => m.energyImportWh !== undefined)?.energyImportWh;
  return {
    ...last,
    messageId,
    currentOffered: offered,
    ...(energy !== undefined && { energyImportWh: energy }),
  };
}

function merge(run: readonly TelemetryMessage[]): TelemetryMessage {
  const last = run[run.length - 1] as TelemetryMessage;
  const messageId = aggregateMessageId(run.map((m) => m.messageId));
  if (last.type === 'meterValues') return mergeMeterValues(run as MeterValuesTelemetry[], messageId);
  return { ...last, messageId };
}

/** Plans one compaction pass over entries in sequence order, with time buckets of `bucketMs`. */
export function planCompaction(entries: readonly CompactionEntry[], bucketMs: number): CompactionPlan {
  const segments = new Map<string, number>();
  const runs = new Map<string, CompactionEntry[]>();
  for (const entry of entries) {
    const cp = entry.message.chargePointId;
    if (!isCompactable(entry.message)) {
      segments.set(cp, (segments.get(cp) ?? 0) + 1);
      continue;
    }
    const key = bucketKey(entry.message, segments.get(cp) ?? 0, bucketMs);
    const run = runs.get(key);
    if (run) run.push(entry);
    else runs.set(key, [entry]);
  }
  const plan: CompactionPlan = { remove: [], put: [] };
  for (const run of runs.values()) {
    if (run.length < 2) continue;
    const last = run[run.length - 1] as CompactionEntry;
    plan.remove.push(...run.slice(0, -1).map((e) => e.seq));
    plan.put.push({ seq: last.seq, message: merge(run.map((e) => e.message)) });
  }
  plan.remove.sort((a, b) => a - b);
  plan.put.sort((a, b) => a.seq - b.seq);
  return plan;
}

/** Bucket sizes tried in turn, finest first, until the journal is back under its budget. */
export const COMPACTION_BUCKETS_MS = [60_000, 15 * 60_000, 3_600_000, 86_400_000] as const;
