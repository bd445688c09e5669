import { createHash } from 'node:crypto';
import {
  kindOf,
  type Compaction,
  type MeterRunFields,
  type PhaseCurrents,
  type TelemetryMessage,
} from '@ampfleet/domain';

// The journal's size policy, as a pure function over its oldest entries. When the journal is over its
// byte budget, runs of one kind that the kind's descriptor lets the journal merge (messageKinds in
// @ampfleet/domain: 'latestWins' or 'meterRun', per charge point and the descriptor's `runPer`, e.g. a
// connector or a DLM network) and that fall into the same time bucket are merged into ONE message
// placed at the run's last position. Every 'never' kind (boot, status, transactions, command results…),
// and a message its descriptor marks as an event, is never dropped or merged, and a run is cut at each
// such event of its charge point, so events keep their order relative to readings. A type this build
// does not know (a newer agent's journal) is kept as an event.
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

type Mergeable = Exclude<Compaction<TelemetryMessage>, { policy: 'never' }>;

/** The message's merge policy, or undefined when it is an event (kept verbatim). */
function mergeableOf(message: TelemetryMessage): Mergeable | undefined {
  const compaction = kindOf(message)?.compaction;
  if (compaction === undefined || compaction.policy === 'never') return undefined;
  return compaction.eventWhen?.(message) ? undefined : compaction;
}

export const isCompactable = (message: TelemetryMessage): boolean => mergeableOf(message) !== undefined;

/** A deterministic message id for an aggregate: same merged ids → same id (MessageId: ≤ 64 of [A-Za-z0-9_-]). */
export function aggregateMessageId(mergedIds: readonly string[]): string {
  return `agg-${createHash('sha256').update(mergedIds.join(',')).digest('base64url').slice(0, 43)}`;
}

function bucketKey(message: TelemetryMessage, runPer: string | number, segment: number, bucketMs: number) {
  const bucket = Math.floor(Date.parse(message.observedAt) / bucketMs);
  return `${message.chargePointId}|${message.type}|${runPer}|${segment}|${bucket}`;
}

const maxPhases = (a: PhaseCurrents, b: PhaseCurrents): PhaseCurrents => ({
  l1: Math.max(a.l1, b.l1),
  l2: Math.max(a.l2, b.l2),
  l3: Math.max(a.l3, b.l3),
});

/** Readings: the last message's currents, power and energy, the run's highest offered current per phase. */
function mergeMeterRun<M extends TelemetryMessage & MeterRunFields>(run: readonly M[], messageId: string): M {
  const last = run[run.length - 1] as M;
  const offered = run.reduce((acc, m) => maxPhases(acc, m.currentOffered), last.currentOffered);
  const energy = [...run].reverse().find((m) => m.energyImportWh !== undefined)?.energyImportWh;
  return {
    ...last,
    messageId,
    currentOffered: offered,
    ...(energy !== undefined && { energyImportWh: energy }),
  };
}

/** One merge per policy: a policy without one fails to compile. */
const MERGES: {
  readonly [P in Mergeable['policy']]: (
    run: readonly TelemetryMessage[],
    messageId: string,
  ) => TelemetryMessage;
} = {
  latestWins: (run, messageId) => ({ ...(run[run.length - 1] as TelemetryMessage), messageId }),
  // The registry admits 'meterRun' only for kinds with MeterRunFields (meterRun<M extends MeterRunFields>).
  meterRun: (run, messageId) =>
    mergeMeterRun(run as ReadonlyArray<TelemetryMessage & MeterRunFields>, messageId),
};

function merge(run: readonly TelemetryMessage[], policy: Mergeable['policy']): TelemetryMessage {
  return MERGES[policy](run, aggregateMessageId(run.map((m) => m.messageId)));
}

/** Plans one compaction pass over entries in sequence order, with time buckets of `bucketMs`. */
export function planCompaction(entries: readonly CompactionEntry[], bucketMs: number): CompactionPlan {
  const segments = new Map<string, number>();
  const runs = new Map<string, { policy: Mergeable['policy']; entries: CompactionEntry[] }>();
  for (const entry of entries) {
    const cp = entry.message.chargePointId;
    const mergeable = mergeableOf(entry.message);
    if (!mergeable) {
      segments.set(cp, (segments.get(cp) ?? 0) + 1);
      continue;
    }
    const runPer = mergeable.runPer(entry.message);
    const key = bucketKey(entry.message, runPer, segments.get(cp) ?? 0, bucketMs);
    const run = runs.get(key);
    if (run) run.entries.push(entry);
    else runs.set(key, { policy: mergeable.policy, entries: [entry] });
  }
  const plan: CompactionPlan = { remove: [], put: [] };
  for (const { policy, entries: run } of runs.values()) {
    if (run.length < 2) continue;
    const last = run[run.length - 1] as CompactionEntry;
    plan.remove.push(...run.slice(0, -1).map((e) => e.seq));
    plan.put.push({
      seq: last.seq,
      message: merge(
        run.map((e) => e.message),
        policy,
      ),
    });
  }
  plan.remove.sort((a, b) => a - b);
  plan.put.sort((a, b) => a.seq - b.seq);
  return plan;
}

/** Bucket sizes tried in turn, finest first, until the journal is back under its budget. */
export const COMPACTION_BUCKETS_MS = [60_000, 15 * 60_000, 3_600_000, 86_400_000] as const;
