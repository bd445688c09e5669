// The DLM state reducer: order independence, meter disconnect → fallback, effective limit = the
// minimum of the configured limits, and snapshots that are valid contract messages (fast-check).
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { EcuConfig } from '../config/catalog';
import { FIRMWARE_VERSIONS } from '../config/firmware';
import { DlmStateTelemetry, SiteMeterTelemetry } from '../contracts/dlm';
import { ConnectorStatus, TELEMETRY_SCHEMA_VERSION, type TelemetryMessage } from '../contracts/telemetry';
import type { DLM_MASTER_PARAMS } from './ocpp-keys';
import { dlmOcppKey, dlmOcppKeys, readDlmConfiguration, renderDlmOcppConfig } from './ocpp-keys';
import { dlmChangeKey, dlmSnapshot, initialDlmState, reduceDlm, type DlmEvent, type DlmState } from './state';

const CPS = ['m', 'cp-2', 'cp-3', 'cp-4'];
const spec = {
  networkId: 'net-1',
  masterChargePointId: 'm',
  chargePointIds: CPS,
  meterConfigured: true,
  defaultSampleRateS: 30,
};
const T0 = Date.UTC(2026, 10, 24, 10, 0, 0);
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
let n = 0;
const env = (cp: string, s: number) => ({
  v: 1 as const,
  messageId: `message-${++n}`,
  chargePointId: cp,
  observedAt: at(s),
});

const amps = fc.integer({ min: 0, max: 630 }).map((d) => d / 10);
const phases = fc.record({ l1: amps, l2: amps, l3: amps });
const limit = fc.integer({ min: 0, max: 400 });
const triplet = fc.record({ l1: limit, l2: limit, l3: limit });

/** CP readings with distinct times (ties between two readings of one CP would make order matter). */
const readings = fc
  .array(
    fc.record({
      cp: fc.constantFrom(...CPS),
      offered: phases,
      drawn: phases,
      status: fc.option(fc.constantFrom(...ConnectorStatus.options), { nil: undefined }),
    }),
    { maxLength: 30 },
  )
  .map((list) =>
    list.flatMap((r, i): TelemetryMessage[] => [
      {
        ...env(r.cp, 2 * i),
        type: 'meterValues',
        connectorId: 1,
        currentOffered: r.offered,
        currentImport: r.drawn,
      },
      ...(r.status
        ? [
            {
              ...env(r.cp, 2 * i + 1),
              type: 'status' as const,
              connectorId: 1,
              status: r.status,
              errorCode: 'NoError',
            },
          ]
        : []),
    ]),
  );

const run = (events: readonly DlmEvent[], state: DlmState = initialDlmState(spec)): DlmState =>
  events.reduce(reduceDlm, state);
const tele = (message: TelemetryMessage): DlmEvent => ({ kind: 'telemetry', message });

function shuffle<T>(list: readonly T[], keys: readonly number[]): T[] {
  return list
    .map((x, i) => [x, keys[i % Math.max(1, keys.length)] ?? 0, i] as const)
    .sort((a, b) => a[1] - b[1] || a[2] - b[2])
    .map(([x]) => x);
}

const meterOn = (over: EcuConfig = {}): EcuConfig => ({
  evseSubDistributionLimit: { l1: 100, l2: 100, l3: 100 },
  externalMeterSupport: true,
  externalMeterLocation: 'excludingEvse',
  mainDistributionLimit: { l1: 120, l2: 120, l3: 120 },
  externalLoadFallback: { l1: 50, l2: 50, l3: 50 },
  ...over,
});
const siteMeter = (s: number, connected: boolean, currents = { l1: 10, l2: 20, l3: 30 }): TelemetryMessage =>
  connected
    ? {
        ...env('m', s),
        type: 'siteMeter',
        networkId: 'net-1',
        model: 'PAC2200',
        connected,
        currents,
        voltages: { l1: 230, l2: 230, l3: 230 },
      }
    : {
        ...env('m', s),
        type: 'siteMeter',
        networkId: 'net-1',
        model: 'PAC2200',
        connected,
        fault: 'connect_failed',
        detail: 'ECONNREFUSED',
      };

describe('DLM state', () => {
  test.prop([readings, fc.array(fc.nat(), { minLength: 1, maxLength: 60 })], { numRuns: 300 })(
    'the order in which CPs report does not change the state or the sums',
    (messages, keys) => {
      const inOrder = dlmSnapshot(run(messages.map(tele)));
      const shuffled = dlmSnapshot(run(shuffle(messages, keys).map(tele)));
      expect(shuffled).toEqual(inOrder);
      // The sums are the sums of each CP's latest reading.
      const latest = new Map<string, TelemetryMessage>();
      for (const m of messages) if (m.type === 'meterValues') latest.set(m.chargePointId, m);
      const expected = { l1: 0, l2: 0, l3: 0 };
      for (const id of CPS) {
        const m = latest.get(id);
        if (m?.type === 'meterValues')
          for (const p of ['l1', 'l2', 'l3'] as const) expected[p] += m.currentImport[p];
      }
      for (const p of ['l1', 'l2', 'l3'] as const) expect(inOrder.drawn[p]).toBeCloseTo(expected[p], 9);
    },
  );

  test.prop([triplet, fc.option(triplet, { nil: undefined }), readings])(
    'without a meter the effective limit is min(sub-distribution, operator), never above the sub-distribution',
    (sub, operator, messages) => {
      const config: EcuConfig = {
        evseSubDistributionLimit: sub,
        externalMeterSupport: false,
        ...(operator && { operatorEvseSubDistributionLimit: operator }),
      };
      const snap = dlmSnapshot(run([{ kind: 'configuration', at: at(0), config }, ...messages.map(tele)]));
      for (const p of ['l1', 'l2', 'l3'] as const) {
        expect(snap.limits.effective?.[p]).toBe(Math.min(sub[p], operator?.[p] ?? Infinity));
        expect(snap.limits.effective?.[p]).toBeLessThanOrEqual(sub[p]);
      }
      expect(snap.externalMeter.mode).toBe('off');
      expect(snap.externalMeter.usingFallback).toBe(false);
    },
  );

  test.prop([
    triplet,
    triplet,
    triplet,
    fc.boolean(),
    fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
  ])(
    'a disconnected meter is reported as such and its fallback replaces the reading',
    (sub, main, fallback, including, connections) => {
      const config = meterOn({
        evseSubDistributionLimit: sub,
        mainDistributionLimit: main,
        externalLoadFallback: fallback,
        externalMeterLocation: including ? 'includingEvse' : 'excludingEvse',
      });
      const events = [
        { kind: 'configuration' as const, at: at(0), config },
        ...connections.map((c, i) => tele(siteMeter(i + 1, c))),
      ];
      const snap = dlmSnapshot(run(events));
      const last = connections[connections.length - 1] as boolean;
      expect(snap.externalMeter.connected).toBe(last);
      expect(snap.externalMeter.usingFallback).toBe(!last);
      const reading = last ? { l1: 10, l2: 20, l3: 30 } : fallback;
      for (const p of ['l1', 'l2', 'l3'] as const) {
        // No EV draws here, so 'including' and 'excluding' see the same external load.
        const available = Math.max(0, main[p] - reading[p]);
        expect(snap.limits.externalAvailable?.[p]).toBe(available);
        expect(snap.limits.effective?.[p]).toBe(Math.min(sub[p], available));
      }
    },
  );

  it('including-EVSE meters count only what the EVs do not draw as external load', () => {
    const snap = dlmSnapshot(
      run([
        {
          kind: 'configuration',
          at: at(0),
          config: meterOn({
            externalMeterLocation: 'includingEvse',
            externalLoadHeadroom: { l1: 5, l2: 5, l3: 5 },
          }),
        },
        tele({
          ...env('cp-2', 1),
          type: 'meterValues',
          connectorId: 1,
          currentOffered: { l1: 16, l2: 16, l3: 16 },
          currentImport: { l1: 8, l2: 8, l3: 8 },
        }),
        tele(siteMeter(2, true, { l1: 18, l2: 8, l3: 40 })),
      ]),
    );
    // external = max(0, reading − EV draw) = 10, 0, 32; available = 120 − 5 − external.
    expect(snap.limits.externalAvailable).toEqual({ l1: 105, l2: 115, l3: 83 });
    expect(snap.limits.effective).toEqual({ l1: 100, l2: 100, l3: 83 });
    expect(snap.limits.effectiveSource).toEqual(['subDistribution', 'subDistribution', 'externalMeter']);
  });

  it('ignores a late meter reading and messages of other networks’ charge points', () => {
    const s1 = run([tele(siteMeter(5, false)), tele(siteMeter(3, true))]);
    expect(dlmSnapshot(s1).externalMeter.connected).toBe(false);
    const s2 = reduceDlm(
      s1,
      tele({
        ...env('elsewhere', 9),
        type: 'status',
        connectorId: 1,
        status: 'Faulted',
        errorCode: 'NoError',
      }),
    );
    expect(s2).toBe(s1);
  });

  it('reports imbalance against the limit only when prevention is on', () => {
    const drawing = tele({
      ...env('cp-3', 1),
      type: 'meterValues',
      connectorId: 1,
      currentOffered: { l1: 32, l2: 0, l3: 0 },
      currentImport: { l1: 25, l2: 0, l3: 0 },
    });
    const on = dlmSnapshot(
      run([
        {
          kind: 'configuration',
          at: at(0),
          config: { currentImbalancePrevention: true, currentImbalanceLimit: 20 },
        },
        drawing,
      ]),
    );
    expect(on.imbalance).toEqual({ drawn: 25, prevention: true, limit: 20, exceeded: true });
    const off = dlmSnapshot(
      run([
        {
          kind: 'configuration',
          at: at(0),
          config: { currentImbalancePrevention: false, currentImbalanceLimit: 20 },
        },
        drawing,
      ]),
    );
    expect(off.imbalance.exceeded).toBe(false);
  });

  it('changes its change key on status, meter connection, configuration and master firmware only', () => {
    const s0 = initialDlmState(spec);
    const reading = run(
      [
        tele({
          ...env('cp-2', 1),
          type: 'meterValues',
          connectorId: 1,
          currentOffered: { l1: 6, l2: 6, l3: 6 },
          currentImport: { l1: 6, l2: 6, l3: 6 },
        }),
      ],
      s0,
    );
    expect(dlmChangeKey(reading)).toBe(dlmChangeKey(s0));
    const status = run(
      [tele({ ...env('cp-2', 2), type: 'status', connectorId: 1, status: 'Charging', errorCode: 'NoError' })],
      reading,
    );
    expect(dlmChangeKey(status)).not.toBe(dlmChangeKey(reading));
    const meter = run([tele(siteMeter(3, false))], status);
    expect(dlmChangeKey(meter)).not.toBe(dlmChangeKey(status));
    const boot = run(
      [
        tele({
          ...env('m', 4),
          type: 'boot',
          vendor: 'MENNEKES',
          model: 'AMEDIO',
          firmwareVersion: '4.53-1',
        }),
      ],
      meter,
    );
    expect(dlmChangeKey(boot)).not.toBe(dlmChangeKey(meter));
    expect(dlmSnapshot(boot).firmwareVersion).toBe('4.53-1');
  });

  test.prop([readings, fc.boolean()], { numRuns: 100 })(
    'snapshots are valid dlmState messages',
    (messages, withMeter) => {
      const events = [
        { kind: 'configuration' as const, at: at(0), config: meterOn() },
        ...messages.map(tele),
        ...(withMeter ? [tele(siteMeter(999, false))] : []),
      ];
      const message = { ...env('m', 1000), type: 'dlmState' as const, ...dlmSnapshot(run(events)) };
      expect(DlmStateTelemetry.safeParse(message).error).toBeUndefined();
    },
  );
});

describe('DLM contracts', () => {
  it('share the schema version with telemetry.ts', () => {
    expect(TELEMETRY_SCHEMA_VERSION).toBe(1);
  });

  it('need readings for a connected meter and a fault for a disconnected one', () => {
    const ok = siteMeter(1, true);
    expect(SiteMeterTelemetry.safeParse(ok).success).toBe(true);
    const { currents: _c, ...noCurrents } = ok as Extract<TelemetryMessage, { type: 'siteMeter' }>;
    expect(SiteMeterTelemetry.safeParse(noCurrents).error?.issues[0]?.path).toEqual(['currents']);
    const { fault: _f, ...noFault } = siteMeter(2, false) as Extract<TelemetryMessage, { type: 'siteMeter' }>;
    expect(SiteMeterTelemetry.safeParse(noFault).error?.issues[0]?.path).toEqual(['fault']);
  });
});

describe('DLM master configuration over OCPP', () => {
  it('uses each firmware’s key names, all within OCPP’s 50 characters', () => {
    for (const v of FIRMWARE_VERSIONS)
      for (const key of dlmOcppKeys(v)) expect(key.length).toBeLessThanOrEqual(50);
    expect(dlmOcppKey('externalLoadFallback', '4.53')).toBe('External Meter Disconnected Fallback');
    expect(dlmOcppKey('externalLoadFallback', '4.61')).toBe('External Load Fallback');
    expect(dlmOcppKey('externalLoadHeadroom', '4.53')).toBeUndefined();
    expect(dlmOcppKey('operatorEvseSubDistributionLimit', '4.50')).toBe(
      'Operator EVSE Sub-Distribution Limit',
    );
  });

  const config = fc.record({
    dlmSampleRate: fc.integer({ min: 1, max: 3600 }),
    evseSubDistributionLimit: triplet,
    operatorEvseSubDistributionLimit: triplet,
    currentImbalancePrevention: fc.boolean(),
    currentImbalanceLimit: fc.integer({ min: 0, max: 100 }),
    externalMeterSupport: fc.boolean(),
    externalMeterLocation: fc.constantFrom('excludingEvse' as const, 'includingEvse' as const),
    mainDistributionLimit: triplet,
    externalLoadHeadroom: triplet,
    externalLoadFallback: triplet,
  });
  test.prop([config, fc.constantFrom(...FIRMWARE_VERSIONS)])(
    'what a master of a firmware serves reads back as its configuration',
    (c, v) => {
      const served = renderDlmOcppConfig(c, v);
      const read = readDlmConfiguration(Object.entries(served).map(([key, value]) => ({ key, value })));
      expect(read.invalid).toEqual([]);
      const expected = Object.fromEntries(
        Object.entries(c).filter(
          ([k]) => dlmOcppKey(k as (typeof DLM_MASTER_PARAMS)[number], v) !== undefined,
        ),
      );
      expect(read.config).toEqual(expected);
    },
  );

  it('names a value it cannot read', () => {
    expect(
      readDlmConfiguration([
        { key: 'DLM Algorithm Sample Rate', value: 'soon' },
        { key: 'HeartbeatInterval', value: '60' },
      ]),
    ).toEqual({
      config: {},
      invalid: [{ key: 'DLM Algorithm Sample Rate', value: 'soon' }],
    });
  });
});
