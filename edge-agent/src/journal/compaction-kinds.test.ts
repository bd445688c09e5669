import { messageKinds, TELEMETRY_TYPES, TelemetryMessage, type TelemetryType } from '@ampfleet/domain';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { aMessage } from '../../../test/support/message-builders';
import { aggregateMessageId, planCompaction, type CompactionEntry } from './compaction';

// The journal reads each kind's compaction descriptor: every kind is covered without a case here, and a
// field added to a kind's schema passes through compaction untouched.

const MINUTE = 60_000;
const at = (s: number) => new Date(Date.UTC(2026, 10, 24, 10, 0, s)).toISOString();
const runOf = (type: TelemetryType, extra: Record<string, unknown> = {}): CompactionEntry[] =>
  [1, 2, 3].map((s) => ({
    seq: s,
    message: { ...aMessage[type]({ observedAt: at(s) }), ...extra },
  }));

describe('journal compaction per message kind', () => {
  it('merges a run of every mergeable kind into one valid message, keeps every other kind verbatim', () => {
    for (const type of TELEMETRY_TYPES) {
      const run = runOf(type);
      const plan = planCompaction(run, MINUTE);
      if (messageKinds[type].compaction.policy === 'never') {
        expect({ type, plan }).toEqual({ type, plan: { remove: [], put: [] } });
        continue;
      }
      expect({ type, remove: plan.remove, put: plan.put.map((p) => p.seq) }).toEqual({
        type,
        remove: [1, 2],
        put: [3],
      });
      const merged = plan.put[0]?.message;
      expect(merged?.messageId).toBe(aggregateMessageId(run.map((e) => e.message.messageId)));
      expect(TelemetryMessage.safeParse(merged).error?.issues).toBeUndefined();
    }
  });

  test.prop([
    fc.constantFrom(...TELEMETRY_TYPES.filter((t) => messageKinds[t].compaction.policy !== 'never')),
    fc
      .string({ minLength: 1, maxLength: 12 })
      .filter((k) => !/^(v|type|messageId|chargePointId|observedAt)$/.test(k)),
    fc.jsonValue(),
  ])(
    'carries a field the journal code does not know through a merge (a new schema field)',
    (type, key, value) => {
      const run = runOf(type, { [`future_${key}`]: value });
      const merged = planCompaction(run, MINUTE).put[0]?.message as Record<string, unknown> | undefined;
      const last = run[run.length - 1]?.message as Record<string, unknown>;
      expect(Object.keys(merged ?? {}).sort()).toEqual(Object.keys(last).sort());
      expect(merged?.[`future_${key}`]).toEqual(value);
    },
  );

  it('keeps a kind this build does not know (a newer agent) as an event that cuts its charge point runs', () => {
    const unknown = { ...aMessage.heartbeat({ observedAt: at(2) }), type: 'solarForecast' };
    const list: CompactionEntry[] = [
      { seq: 1, message: aMessage.meterValues({ observedAt: at(1) }) },
      { seq: 2, message: unknown as unknown as TelemetryMessage },
      { seq: 3, message: aMessage.meterValues({ observedAt: at(3) }) },
      { seq: 4, message: aMessage.meterValues({ observedAt: at(4) }) },
    ];
    expect(planCompaction(list, MINUTE)).toMatchObject({ remove: [3], put: [{ seq: 4 }] });
  });
});
