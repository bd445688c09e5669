import { randomUUID } from 'node:crypto';
import { TelemetryMessage, type MeterValuesTelemetry } from '@ampfleet/domain';
import { describe, expect, it } from 'vitest';
import { aBoot, aMeterValues, aStatus } from '../../../test/support/builders';
import { aDlmState, aSiteMeter } from '../../../test/support/dlm-builders';
import { aggregateMessageId, planCompaction, type CompactionEntry } from './compaction';

const MINUTE = 60_000;
const at = (s: number) => new Date(Date.UTC(2026, 10, 24, 10, 0, s)).toISOString();
const entries = (...messages: TelemetryMessage[]): CompactionEntry[] =>
  messages.map((message, i) => ({ seq: i + 1, message }));

/** What the journal holds after a plan is applied, in sequence order. */
function apply(list: readonly CompactionEntry[], plan: ReturnType<typeof planCompaction>): CompactionEntry[] {
  const removed = new Set(plan.remove);
  const put = new Map(plan.put.map((p) => [p.seq, p]));
  return list.filter((e) => !removed.has(e.seq)).map((e) => put.get(e.seq) ?? e);
}

describe('journal size policy', () => {
  it('keeps transaction and DataTransfer events verbatim and cuts meter-value runs at them', () => {
    const base = { v: 1 as const, chargePointId: 'cp-1' };
    const list = entries(
      aMeterValues({ observedAt: at(1), transactionId: 6 }),
      {
        ...base,
        messageId: 'tx-started-7',
        observedAt: at(2),
        type: 'transactionStarted',
        transactionId: 7,
        connectorId: 1,
        idTag: 'CARD-1',
        idTagStatus: 'Accepted',
        meterStartWh: 10,
        startedAt: at(2),
      },
      aMeterValues({ observedAt: at(3), transactionId: 7 }),
      aMeterValues({ observedAt: at(4), transactionId: 7 }),
      {
        ...base,
        messageId: 'dt-00000001',
        observedAt: at(5),
        type: 'dataTransfer',
        vendorId: 'MENNEKES',
        dataTruncated: false,
        status: 'Accepted',
      },
      {
        ...base,
        messageId: 'tx-stopped-7',
        observedAt: at(6),
        type: 'transactionStopped',
        transactionId: 7,
        matched: true,
        startedAt: at(2),
        stoppedAt: at(6),
        reason: 'Local',
      },
      aMeterValues({ observedAt: at(7) }),
    );
    const after = apply(list, planCompaction(list, MINUTE));
    expect(after.map((e) => e.message.type)).toEqual([
      'meterValues',
      'transactionStarted',
      'meterValues',
      'dataTransfer',
      'transactionStopped',
      'meterValues',
    ]);
    expect(after.filter((e) => e.message.type !== 'meterValues').map((e) => e.message)).toEqual(
      [list[1], list[4], list[5]].map((e) => e?.message),
    );
    expect(after[2]?.message).toMatchObject({ transactionId: 7 });
  });

  it('merges one bucket of meter values per connector: last currents and energy, highest offered', () => {
    const list = entries(
      aMeterValues({ observedAt: at(1), currentOffered: { l1: 32, l2: 16, l3: 16 }, energyImportWh: 100 }),
      aMeterValues({ observedAt: at(20), currentOffered: { l1: 10, l2: 20, l3: 6 }, energyImportWh: 150 }),
      aMeterValues({
        observedAt: at(40),
        currentImport: { l1: 5, l2: 6, l3: 7 },
        currentOffered: { l1: 8, l2: 8, l3: 8 },
      }),
      aMeterValues({ connectorId: 2, observedAt: at(41) }),
    );
    const plan = planCompaction(list, MINUTE);
    expect(plan.remove).toEqual([1, 2]);
    const merged = plan.put[0]?.message as MeterValuesTelemetry;
    expect(plan.put.map((p) => p.seq)).toEqual([3]);
    expect(merged).toMatchObject({
      observedAt: at(40),
      currentImport: { l1: 5, l2: 6, l3: 7 },
      currentOffered: { l1: 32, l2: 20, l3: 16 },
      energyImportWh: 150,
    });
    // Aggregates are still valid contract messages.
    expect(TelemetryMessage.safeParse(merged).success).toBe(true);
  });

  it('never drops or merges events, and does not merge readings across an event of the same charge point', () => {
    const list = entries(
      aBoot({ observedAt: at(0) }),
      aMeterValues({ observedAt: at(1) }),
      aStatus({ observedAt: at(2), status: 'Charging' }),
      aMeterValues({ observedAt: at(3) }),
      aMeterValues({ observedAt: at(4) }),
      aStatus({ observedAt: at(5), status: 'Finishing' }),
      aStatus({ observedAt: at(6), status: 'Available' }),
    );
    const after = apply(list, planCompaction(list, MINUTE));
    expect(after.map((e) => e.message.type)).toEqual([
      'boot',
      'meterValues',
      'status',
      'meterValues',
      'status',
      'status',
    ]);
    const events = list.filter((e) => e.message.type !== 'meterValues');
    expect(after.filter((e) => e.message.type !== 'meterValues')).toEqual(events);
  });

  it('merges heartbeats per charge point and keeps charge points apart', () => {
    const heartbeat = (chargePointId: string, s: number): TelemetryMessage => ({
      v: 1,
      messageId: randomUUID(),
      chargePointId,
      observedAt: at(s),
      type: 'heartbeat',
    });
    const list = entries(
      heartbeat('cp-1', 1),
      heartbeat('cp-2', 2),
      heartbeat('cp-1', 3),
      heartbeat('cp-1', 70),
    );
    const after = apply(list, planCompaction(list, MINUTE));
    expect(after.map((e) => [e.seq, e.message.chargePointId, e.message.observedAt])).toEqual([
      [2, 'cp-2', at(2)],
      [3, 'cp-1', at(3)],
      [4, 'cp-1', at(70)],
    ]);
  });

  it('derives the aggregate id from the merged ids, so compacting again is a no-op and replays dedup', () => {
    const list = entries(...[1, 2, 3].map((s) => aMeterValues({ observedAt: at(s) })));
    const first = planCompaction(list, MINUTE);
    const again = planCompaction(list, MINUTE);
    expect(again).toEqual(first);
    const id = first.put[0]?.message.messageId;
    expect(id).toBe(aggregateMessageId(list.map((e) => e.message.messageId)));
    expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    const compacted = apply(list, first);
    expect(planCompaction(compacted, MINUTE)).toEqual({ remove: [], put: [] });
    // A coarser pass merges aggregates again, deterministically.
    expect(planCompaction(compacted, 15 * MINUTE)).toEqual(planCompaction(compacted, 15 * MINUTE));
  });

  it('merges meter readings and DLM states per network, keeps a meter disconnect as an event', () => {
    const down = {
      ...aSiteMeter({ observedAt: at(3), connected: false, fault: 'timeout' as const, detail: 'no reply' }),
    };
    delete down.currents;
    delete down.voltages;
    const list = entries(
      aSiteMeter({ observedAt: at(1), currents: { l1: 1, l2: 2, l3: 3 } }),
      aSiteMeter({ observedAt: at(2), currents: { l1: 4, l2: 5, l3: 6 }, energyImportWh: 2_000 }),
      aSiteMeter({ networkId: 'net-2', observedAt: at(2) }),
      aDlmState({ observedAt: at(2) }),
      down,
      aSiteMeter({ observedAt: at(10) }),
      aSiteMeter({ observedAt: at(11), currents: { l1: 7, l2: 8, l3: 9 } }),
      aDlmState({ observedAt: at(12) }),
      aDlmState({ observedAt: at(13), drawn: { l1: 1, l2: 1, l3: 1 } }),
    );
    const after = apply(list, planCompaction(list, MINUTE));
    expect(after.map((e) => e.seq)).toEqual([2, 3, 4, 5, 7, 9]);
    expect(after.find((e) => e.seq === 5)?.message).toEqual(down);
    expect(after.find((e) => e.seq === 2)?.message).toMatchObject({
      currents: { l1: 4, l2: 5, l3: 6 },
      energyImportWh: 2_000,
    });
    expect(after.find((e) => e.seq === 7)?.message).toMatchObject({ currents: { l1: 7, l2: 8, l3: 9 } });
    expect(after.find((e) => e.seq === 9)?.message).toMatchObject({ drawn: { l1: 1, l2: 1, l3: 1 } });
    for (const e of after) expect(TelemetryMessage.safeParse(e.message).success).toBe(true);
  });
});
