// Meter simulator ↔ meter reader over real Modbus TCP on 127.0.0.1, for both register maps.
import { afterEach, describe, expect, it } from 'vitest';
import {
  startMeterSimulator,
  type MeterSimulator,
  type MeterSimulatorOptions,
} from '../../sim/meter-simulator';
import { householdCurrents, DEFAULT_HOUSEHOLD_PROFILE } from '../../sim/household-load';
import { mulberry32 } from '../../sim/random';
import { eventLog, type EventLog } from '../../sim/wait-for';
import { startMeterReader, type MeterReader } from './meter-reader';
import type { MeterStatus } from './reading';
import { EEM_MB37X_MAP, PAC2200_MAP, type RegisterMap } from './register-maps';

const AT = new Date('2026-03-02T18:30:00Z');
const QUIET_HOUSE = { ...DEFAULT_HOUSEHOLD_PROFILE, noise: 0 };
const EV_LOAD = { l1: 16, l2: 0, l3: 31.5 };

describe.each([PAC2200_MAP, EEM_MB37X_MAP])('meter reader ↔ simulated $model', (map: RegisterMap) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function sim(over: Partial<MeterSimulatorOptions> = {}): Promise<MeterSimulator> {
    const s = await startMeterSimulator({
      map,
      random: mulberry32(7),
      clock: () => AT,
      household: QUIET_HOUSE,
      evLoad: () => EV_LOAD,
      ...over,
    });
    cleanups.push(() => s.stop());
    return s;
  }
  function reader(port: number, timeoutMs = 2_000): { log: EventLog<MeterStatus>; reader: MeterReader } {
    const log = eventLog<MeterStatus>();
    const r = startMeterReader({
      host: '127.0.0.1',
      port,
      map,
      pollIntervalMs: 20,
      timeoutMs,
      backoff: { initialMs: 20, maxMs: 200 },
      onStatus: (s) => log.push(s),
    });
    cleanups.push(() => r.stop());
    return { log, reader: r };
  }
  const connected = (s: MeterStatus): boolean => s.connected;

  it('decodes per-phase currents, voltages, power and energy', async () => {
    const meter = await sim();
    const { log } = reader(meter.port);
    const status = await log.waitFor(connected, { what: 'a reading' });
    if (!status.connected) throw new Error('unreachable');
    const house = householdCurrents(AT, mulberry32(1), QUIET_HOUSE);
    expect(status.currents.l1).toBeCloseTo(house[0] + EV_LOAD.l1, 3);
    expect(status.currents.l2).toBeCloseTo(house[1] + EV_LOAD.l2, 3);
    expect(status.currents.l3).toBeCloseTo(house[2] + EV_LOAD.l3, 3);
    for (const v of [status.voltages.l1, status.voltages.l2, status.voltages.l3])
      expect(v).toBeGreaterThan(227);
    const sumW = status.activePowersW.l1 + status.activePowersW.l2 + status.activePowersW.l3;
    expect(status.activePowerW).toBeCloseTo(sumW, -1);
    expect(status.activePowerW).toBeGreaterThan(status.currents.l3 * 200);
    expect(status.energyImportWh).toBeGreaterThan(1_000_000);
    expect(status.frequencyHz).toBeCloseTo(50, 0);
  });

  it('reports an exception reply as connected:false and recovers', async () => {
    const meter = await sim();
    meter.setFault({ kind: 'exception', code: 4 });
    const { log } = reader(meter.port);
    const down = await log.waitFor((s) => !s.connected, { what: 'exception status' });
    expect(down).toMatchObject({ connected: false, reason: 'exception_reply' });
    meter.setFault(null);
    await log.waitFor(connected, { from: log.events.length, what: 'recovery' });
  });

  it.each([
    ['NaN', Number.NaN],
    ['a negative current', -3],
    ['an absurd current', 1e9],
  ])('rejects %s and names the quantity', async (_label, value) => {
    const meter = await sim();
    meter.setFault({ kind: 'garbage', quantity: 'currentL2', value });
    const { log } = reader(meter.port);
    const down = await log.waitFor((s) => !s.connected, { what: 'invalid value status' });
    expect(down).toMatchObject({ connected: false, reason: 'invalid_value', quantity: 'currentL2' });
    meter.setFault(null);
    await log.waitFor(connected, { from: log.events.length, what: 'recovery' });
  });

  it('times out on a slow meter, then recovers', async () => {
    const meter = await sim();
    meter.setFault({ kind: 'slow', delayMs: 1_500 });
    const { log } = reader(meter.port, 300);
    const down = await log.waitFor((s) => !s.connected, { what: 'timeout status' });
    expect(down).toMatchObject({ connected: false, reason: 'timeout' });
    meter.setFault(null);
    await log.waitFor(connected, { from: log.events.length, what: 'recovery' });
  });

  it('survives a dropped connection and a killed server, and recovers when the server returns', async () => {
    const first = await sim();
    const { log } = reader(first.port);
    await log.waitFor(connected, { what: 'first reading' });

    first.setFault({ kind: 'disconnect' });
    const dropped = await log.waitFor((s) => !s.connected, { from: log.events.length, what: 'drop' });
    expect(['connection_closed', 'connect_failed']).toContain(dropped.connected ? '' : dropped.reason);
    first.setFault(null);
    await log.waitFor(connected, { from: log.events.length, what: 'recovery after drop' });

    await first.stop();
    const killed = await log.waitFor((s) => !s.connected, { from: log.events.length, what: 'kill' });
    expect(killed.connected).toBe(false);
    await log.waitFor((s) => !s.connected && s.reason === 'connect_failed', {
      from: log.events.length,
      what: 'refused',
    });

    await sim({ port: first.port });
    await log.waitFor(connected, { from: log.events.length, what: 'recovery after restart' });
  });
});

describe('meter reader ↔ simulated PAC2200 over input registers', () => {
  it('reads the same values with FC4 (PAC2200 serves FC3 and FC4)', async () => {
    const meter = await startMeterSimulator({
      map: PAC2200_MAP,
      random: mulberry32(3),
      clock: () => AT,
      household: QUIET_HOUSE,
      evLoad: () => EV_LOAD,
    });
    const quantities = Object.fromEntries(
      Object.entries(PAC2200_MAP.quantities).map(([q, spec]) => [q, { ...spec, functionCode: 4 }]),
    ) as unknown as RegisterMap['quantities'];
    const log = eventLog<MeterStatus>();
    const reader = startMeterReader({
      host: '127.0.0.1',
      port: meter.port,
      map: { ...PAC2200_MAP, quantities },
      pollIntervalMs: 20,
      timeoutMs: 2_000,
      onStatus: (s) => log.push(s),
    });
    try {
      const status = await log.waitFor((s) => s.connected, { what: 'an FC4 reading' });
      const house = householdCurrents(AT, mulberry32(1), QUIET_HOUSE);
      expect(status.connected && status.currents.l3).toBeCloseTo(house[2] + EV_LOAD.l3, 3);
    } finally {
      await reader.stop();
      await meter.stop();
    }
  });
});
