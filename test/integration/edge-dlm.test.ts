import { createLogger } from '@ampfleet/adapters';
import { renderDlmOcppConfig, type EcuConfig, type TelemetryMessage } from '@ampfleet/domain';
import { hashPassword, parseEdgeConfig, startEdgeAgent, type EdgeAgent } from '@ampfleet/edge-agent';
import { PAC2200_MAP } from '@ampfleet/edge-agent/modbus';
import {
  anEv,
  mulberry32,
  startEcuSimulator,
  startMeterSimulator,
  type EcuSimulator,
  type MeterSimulator,
} from '@ampfleet/edge-agent/sim';
import { startBroker, type Broker } from '@ampfleet/local';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observeTelemetry, type TelemetryObserver } from '../support/edge-durability';
import { eventually } from '../support/wait';

// Meter simulator (real Modbus TCP) + edge agent + two ECU simulators (real OCPP-J over ws; one is the
// DLM master serving its parameters under firmware 4.53's key names) + aedes: 'siteMeter' and
// 'dlmState' arrive on the broker with the right sums and limits; stopping the meter is reported as
// meter_disconnected and the fallback limit takes effect; restarting it reconnects (backoff).
type Of<T extends TelemetryMessage['type']> = Extract<TelemetryMessage, { type: T }>;
const triplet = (a: number) => ({ l1: a, l2: a, l3: a });
const MASTER_CONFIG: EcuConfig = {
  dlmMode: 'masterWithInternalSlave',
  dlmSampleRate: 2,
  evseSubDistributionLimit: triplet(63),
  operatorEvseSubDistributionLimit: triplet(40),
  currentImbalancePrevention: true,
  currentImbalanceLimit: 20,
  externalMeterSupport: true,
  externalMeterLocation: 'excludingEvse',
  mainDistributionLimit: triplet(100),
  externalLoadFallback: triplet(80),
};

let broker: Broker;
let observer: TelemetryObserver;
let meter: MeterSimulator;
let meterPort: number;
let agent: EdgeAgent;
const ecus: EcuSimulator[] = [];

const startMeter = (port = 0) =>
  startMeterSimulator({ map: PAC2200_MAP, port, random: mulberry32(11), evLoad: () => triplet(0) });

beforeAll(async () => {
  broker = await startBroker(0);
  observer = await observeTelemetry(broker.url);
  meter = await startMeter();
  meterPort = meter.port;
  const config = parseEdgeConfig({
    orgId: 'org-dlm',
    siteId: 'site-dlm',
    ocpp: {
      port: 0,
      chargePoints: [
        { id: 'M-1', passwordHash: await hashPassword('pw-m') },
        { id: 'S-1', passwordHash: await hashPassword('pw-s') },
      ],
      // Free charging: the simulated EVs' cards are not in a local list, and they must charge here.
      authorization: { localList: [], unknownIdTag: 'Accepted' },
    },
    mqtt: { url: broker.url, clientId: 'edge-dlm' },
    journal: { dir: await mkdtemp(path.join(os.tmpdir(), 'ampfleet-dlm-journal-')) },
    dlm: {
      networks: [
        {
          id: 'net-1',
          masterChargePointId: 'M-1',
          chargePointIds: ['M-1', 'S-1'],
          sampleRateS: 1,
          meter: { host: '127.0.0.1', port: meterPort, model: 'PAC2200', pollMs: 200, timeoutMs: 500 },
        },
      ],
    },
  });
  agent = await startEdgeAgent(
    config,
    createLogger('edge', () => undefined),
    {
      meterBackoff: { initialMs: 100, maxMs: 1_000 },
    },
  );
  const endpoint = `ws://127.0.0.1:${agent.ocpp.port}/ocpp`;
  const common = {
    endpoint,
    phaseConnection: 'threePhase',
    ratedCurrentA: 32,
    meterValueIntervalS: 0.3,
  } as const;
  ecus.push(
    await startEcuSimulator({
      ...common,
      chargePointId: 'M-1',
      password: 'pw-m',
      phaseRotation: 'RST',
      firmwareVersion: '4.53-5412-d6a2288f6',
      configuration: renderDlmOcppConfig(MASTER_CONFIG, '4.53'),
      random: mulberry32(1),
    }),
    await startEcuSimulator({
      ...common,
      chargePointId: 'S-1',
      password: 'pw-s',
      phaseRotation: 'STR',
      random: mulberry32(2),
    }),
  );
});

afterAll(async () => {
  await Promise.all(ecus.map((e) => e.stop()));
  await agent?.stop();
  await meter?.stop();
  await observer?.close();
  await broker?.close();
});

const delivered = () => observer.delivered;
const states = (from = 0): Of<'dlmState'>[] =>
  delivered()
    .slice(from)
    .filter((m): m is Of<'dlmState'> => m.type === 'dlmState');
const meters = (from = 0): Of<'siteMeter'>[] =>
  delivered()
    .slice(from)
    .filter((m): m is Of<'siteMeter'> => m.type === 'siteMeter');
const waitState = (match: (s: Of<'dlmState'>) => boolean, from = 0) =>
  eventually(async () => states(from).find(match), 'a matching dlmState');
const waitMeter = (match: (s: Of<'siteMeter'>) => boolean, from = 0) =>
  eventually(async () => meters(from).find(match), 'a matching siteMeter');

describe('edge agent: meter and DLM state', () => {
  it('publishes meter readings and a DLM state whose sums are those of the CPs’ latest MeterValues', async () => {
    for (const [i, ecu] of ecus.entries()) {
      await ecu.plugIn(anEv(mulberry32(20 + i), { type: '3-phase-16A' }));
      ecu.setOfferedCurrent(16);
    }
    const reading = await waitMeter((m) => m.connected);
    expect(reading).toMatchObject({ networkId: 'net-1', chargePointId: 'M-1', model: 'PAC2200' });
    expect(reading.voltages?.l1).toBeGreaterThan(200);
    expect(reading.currents?.l1).toBeGreaterThanOrEqual(0);

    // Both CPs charging, configuration read (4.53 key names), meter connected.
    const state = await waitState(
      (s) =>
        s.configReadAt !== undefined &&
        s.externalMeter.connected === true &&
        s.chargePoints.every((cp) => cp.status === 'Charging' && cp.drawn.l1 > 0),
    );
    expect(state).toMatchObject({
      networkId: 'net-1',
      chargePointId: 'M-1',
      firmwareVersion: '4.53-5412-d6a2288f6',
      sampleRateS: 2,
      limits: {
        subDistribution: triplet(63),
        operator: triplet(40),
        effective: triplet(40),
        effectiveSource: ['operator', 'operator', 'operator'],
      },
      externalMeter: { mode: 'excludingEvse', configured: true, connected: true, usingFallback: false },
      imbalance: { prevention: true, limit: 20 },
    });
    // The sums are the sums of each CP's latest MeterValues published before the state (one ordered stream).
    const index = delivered().indexOf(state);
    for (const cp of ['M-1', 'S-1']) {
      const latest = delivered()
        .slice(0, index)
        .filter((m): m is Of<'meterValues'> => m.type === 'meterValues' && m.chargePointId === cp)
        .at(-1);
      expect(state.chargePoints.find((c) => c.id === cp)).toMatchObject({
        offered: latest?.currentOffered,
        drawn: latest?.currentImport,
      });
    }
    for (const p of ['l1', 'l2', 'l3'] as const) {
      expect(state.drawn[p]).toBeCloseTo(
        state.chargePoints.reduce((s, c) => s + c.drawn[p], 0),
        9,
      );
      expect(state.offered[p]).toBeCloseTo(
        state.chargePoints.reduce((s, c) => s + c.offered[p], 0),
        9,
      );
    }
    expect(state.offered.l1).toBeGreaterThan(0);
  });

  it('reports a stopped meter as disconnected (fallback limit), and reconnects when it is back', async () => {
    const from = delivered().length;
    await meter.stop();
    const down = await waitMeter((m) => !m.connected, from);
    expect(down.fault).toMatch(/connect_failed|connection_closed|timeout/);
    const fallback = await waitState((s) => s.externalMeter.connected === false, from);
    // Fallback 80 A replaces the reading: 100 − 80 = 20 A < operator 40 A.
    expect(fallback.externalMeter.usingFallback).toBe(true);
    expect(fallback.limits.effective).toEqual(triplet(20));
    expect(fallback.limits.effectiveSource).toEqual(['externalMeter', 'externalMeter', 'externalMeter']);
    // One disconnect message per outage, however often the reader retries meanwhile.
    const downAt = delivered().indexOf(down);
    await waitState(() => true, downAt + 1);
    meter = await startMeter(meterPort);
    const back = await waitMeter((m) => m.connected, downAt + 1);
    const between = delivered().slice(downAt, delivered().indexOf(back));
    expect(between.filter((m) => m.type === 'siteMeter')).toHaveLength(1);
    const recovered = await waitState((s) => s.externalMeter.connected === true, delivered().indexOf(back));
    expect(recovered.limits.effective).toEqual(triplet(40));
  });
});
