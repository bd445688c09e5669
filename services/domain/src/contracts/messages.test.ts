import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { aMessage } from '../../../../test/support/message-builders';
import type { IngestRouteName } from '../fleet/ingest-route';
import { envelope, splitEnvelope, type EnvelopeField } from './envelope';
import {
  ingestRouteOf,
  kindOf,
  messageKinds,
  TELEMETRY_TYPES,
  TelemetryMessage,
  UnknownMessageKindError,
  type CompactionPolicy,
  type TelemetryType,
} from './messages';

// The registry is the one place a message kind is declared: these tests walk every kind, so a new kind
// (which needs a builder in aMessage to compile) is checked without touching this file.

const kinds = TELEMETRY_TYPES.map((type) => [type, messageKinds[type]] as const);
const sample = (type: TelemetryType): TelemetryMessage => aMessage[type]();

/** What each kind does today, pinned: changing a kind's journal policy or ingest route is deliberate. */
const EXPECTED: Record<TelemetryType, { compaction: CompactionPolicy; route: IngestRouteName }> = {
  boot: { compaction: 'never', route: 'chargePoint' },
  heartbeat: { compaction: 'latestWins', route: 'chargePoint' },
  status: { compaction: 'never', route: 'chargePoint' },
  meterValues: { compaction: 'meterRun', route: 'chargePoint' },
  siteMeter: { compaction: 'latestWins', route: 'dlmNetwork' },
  dlmState: { compaction: 'latestWins', route: 'dlmNetwork' },
  commandResult: { compaction: 'never', route: 'commandResult' },
  transactionStarted: { compaction: 'never', route: 'transaction' },
  transactionStopped: { compaction: 'never', route: 'transaction' },
  dataTransfer: { compaction: 'never', route: 'chargePoint' },
  reportedConfig: { compaction: 'latestWins', route: 'reportedConfig' },
};

describe('message kinds', () => {
  it('has one descriptor per kind, keyed by the type its schema accepts, and a builder for each', () => {
    expect(TELEMETRY_TYPES.length).toBeGreaterThan(0);
    for (const [type, kind] of kinds) expect(kind.schema.shape.type.value).toBe(type);
    expect([...TELEMETRY_TYPES].sort()).toEqual(Object.keys(aMessage).sort());
    expect([...TELEMETRY_TYPES].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it("accepts every kind's builder-made sample, through its schema and the union, after a JSON round trip", () => {
    for (const [type, kind] of kinds) {
      const wire: unknown = JSON.parse(JSON.stringify(sample(type)));
      expect(kind.schema.safeParse(wire).error?.issues).toBeUndefined();
      expect(TelemetryMessage.parse(wire)).toEqual(wire);
    }
  });

  it('spreads the one envelope into every kind (the same field schemas, not copies)', () => {
    for (const [, kind] of kinds)
      for (const [field, schema] of Object.entries(envelope))
        expect(kind.schema.shape[field as keyof typeof envelope]).toBe(schema);
  });

  test.prop([
    fc.constantFrom(...TELEMETRY_TYPES),
    fc.constantFrom<EnvelopeField>('v', 'messageId', 'chargePointId', 'observedAt'),
  ])('refuses a message without an envelope field, naming the field', (type, field) => {
    const { [field]: _dropped, ...rest } = sample(type) as Record<string, unknown>;
    const result = TelemetryMessage.safeParse(rest);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(field);
  });

  test.prop([fc.constantFrom(...TELEMETRY_TYPES)])(
    'splits every kind into envelope and body that recombine to the message',
    (type) => {
      const message = sample(type);
      const { envelope: head, body } = splitEnvelope(message);
      expect(Object.keys(head).sort()).toEqual(['chargePointId', 'messageId', 'observedAt', 'type', 'v']);
      expect({ ...head, ...body }).toEqual(message);
    },
  );

  it('names for every kind a journal policy and an ingest route (pinned in EXPECTED)', () => {
    for (const [type, kind] of kinds) {
      expect({ type, compaction: kind.compaction.policy }).toEqual({
        type,
        compaction: EXPECTED[type].compaction,
      });
      expect({ type, route: ingestRouteOf(sample(type)).route }).toEqual({
        type,
        route: EXPECTED[type].route,
      });
    }
  });

  it('marks a meter disconnect as an event although readings of its kind merge (§7.4.1)', () => {
    const { compaction } = messageKinds.siteMeter;
    expect(compaction.policy).toBe('latestWins');
    if (compaction.policy === 'never') return;
    expect(compaction.eventWhen?.(aMessage.siteMeter({ connected: false, fault: 'timeout' }))).toBe(true);
    expect(compaction.eventWhen?.(aMessage.siteMeter())).toBe(false);
    expect(compaction.runPer(aMessage.siteMeter({ networkId: 'net-7' }))).toBe('net-7');
    const meterValues = messageKinds.meterValues.compaction;
    if (meterValues.policy !== 'never')
      expect(meterValues.runPer(aMessage.meterValues({ connectorId: 2 }))).toBe(2);
  });

  it('routes each kind with what its store needs', () => {
    const result = aMessage.commandResult();
    expect(ingestRouteOf(result)).toEqual({ route: 'commandResult', result });
    const started = aMessage.transactionStarted();
    expect(ingestRouteOf(started)).toEqual({ route: 'transaction', event: started });
    expect(ingestRouteOf(aMessage.dlmState({ networkId: 'net-2' }))).toMatchObject({
      route: 'dlmNetwork',
      change: { networkId: 'net-2', orderedBy: 'stateAt' },
    });
    expect(ingestRouteOf(aMessage.heartbeat())).toEqual({ route: 'chargePoint', changes: [] });
    const snapshot = aMessage.reportedConfig({ chargePointId: 'cp-7', sequence: 42 });
    expect(ingestRouteOf(snapshot)).toMatchObject({
      route: 'reportedConfig',
      change: {
        chargePointId: 'cp-7',
        orderedBy: 'readOrder',
        at: `${snapshot.observedAt}#0000000000000042`,
        set: {
          chargePointId: 'cp-7',
          messageId: snapshot.messageId,
          readAt: snapshot.observedAt,
          sequence: 42,
        },
      },
    });
  });

  it('orders reported configurations by read time as UTC, then by sequence (a late snapshot is older)', () => {
    const order = (observedAt: string, sequence: number) => {
      const route = ingestRouteOf(aMessage.reportedConfig({ observedAt, sequence }));
      return route.route === 'reportedConfig' ? route.change.at : '';
    };
    expect(order('2026-11-24T11:00:00.000+01:00', 1)).toBe(order('2026-11-24T10:00:00.000Z', 1));
    expect(order('2026-11-24T10:00:00.000Z', 2) > order('2026-11-24T10:00:00.000Z', 1)).toBe(true);
    expect(order('2026-11-24T10:00:00.001Z', 0) > order('2026-11-24T10:00:00.000Z', 9)).toBe(true);
  });

  it('lets a newer snapshot of the same ECU supersede older ones in the journal, per charge point', () => {
    const { compaction } = messageKinds.reportedConfig;
    expect(compaction.policy).toBe('latestWins');
    if (compaction.policy === 'latestWins') expect(compaction.eventWhen).toBeUndefined();
  });

  it('knows no descriptor for a type this build does not know', () => {
    const fromNewerAgent = { ...aMessage.heartbeat(), type: 'solarForecast' } as unknown as TelemetryMessage;
    expect(kindOf(fromNewerAgent)).toBeUndefined();
    expect(() => ingestRouteOf(fromNewerAgent)).toThrow(UnknownMessageKindError);
    expect(kindOf({ ...fromNewerAgent, type: 'toString' } as unknown as TelemetryMessage)).toBeUndefined();
    expect(TelemetryMessage.safeParse(fromNewerAgent).error?.issues[0]?.path).toEqual(['type']);
  });
});
