import { readFileSync } from 'node:fs';
import { ingestRouteOf, TelemetryMessage } from '@ampfleet/domain';
import { describe, expect, it } from 'vitest';
import { planCompaction, type CompactionEntry, type CompactionPlan } from './compaction';

// A journal written before message kinds had descriptors (all ten kinds, payloads as that agent stored
// them) still replays: every entry parses and has an ingest route, and compaction plans exactly what the
// old switch-based compaction planned (recorded from it), aggregate ids included — so an aggregate
// written by the old agent and one written now for the same entries are deduplicated by the cloud.

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
const payloads = readFileSync(fixture('journal-v1.jsonl'), 'utf8').trim().split('\n');
const recorded = JSON.parse(readFileSync(fixture('journal-v1.plans.json'), 'utf8')) as Record<
  'bucket60s' | 'bucket15min' | 'bucket60sThen15min',
  CompactionPlan
>;
const entries: CompactionEntry[] = payloads.map((payload, i) => ({
  seq: i + 1,
  message: JSON.parse(payload) as TelemetryMessage,
}));

function apply(list: readonly CompactionEntry[], plan: CompactionPlan): CompactionEntry[] {
  const removed = new Set(plan.remove);
  const put = new Map(plan.put.map((p) => [p.seq, p]));
  return list.filter((e) => !removed.has(e.seq)).map((e) => put.get(e.seq) ?? e);
}

describe('a journal written by the agent before message descriptors', () => {
  it('replays: every entry is a valid message with an ingest route', () => {
    expect(new Set(entries.map((e) => e.message.type)).size).toBe(10);
    for (const { message } of entries) {
      expect(TelemetryMessage.safeParse(message).error?.issues).toBeUndefined();
      expect(ingestRouteOf(message).route).toBeTypeOf('string');
    }
  });

  it('compacts exactly as the old compaction did, at each bucket size and on a second pass', () => {
    expect(planCompaction(entries, 60_000)).toEqual(recorded.bucket60s);
    expect(planCompaction(entries, 15 * 60_000)).toEqual(recorded.bucket15min);
    const once = apply(entries, planCompaction(entries, 60_000));
    expect(planCompaction(once, 15 * 60_000)).toEqual(recorded.bucket60sThen15min);
    for (const { message } of apply(once, recorded.bucket60sThen15min))
      expect(TelemetryMessage.safeParse(message).success).toBe(true);
  });
});
