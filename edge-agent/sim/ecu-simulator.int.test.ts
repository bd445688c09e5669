// ECU simulator ↔ a real ocpp-rpc central system over WebSocket on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { startEcuSimulator, type EcuSimulator, type EcuSimulatorOptions } from './ecu-simulator';
import { anEv, type EvType, type GridPhase, type PhaseRotation } from './ev';
import {
  notImplemented,
  startOcppTestServer,
  type OcppTestServer,
  type ReceivedCall,
} from './ocpp-test-server';
import { mulberry32 } from './random';

interface SampledValue {
  value: string;
  measurand?: string;
  phase?: string;
}

/** Per-phase values of one measurand in a MeterValues call. */
function perPhase(call: ReceivedCall, measurand: string): Record<GridPhase, number> {
  const mv = call.params.meterValue as Array<{ sampledValue: SampledValue[] }>;
  const out: Record<GridPhase, number> = { L1: 0, L2: 0, L3: 0 };
  for (const sv of mv[0]?.sampledValue ?? []) {
    if (sv.measurand === measurand && sv.phase) out[sv.phase as GridPhase] = Number(sv.value);
  }
  return out;
}

const loadedPhases = (c: ReceivedCall): GridPhase[] =>
  (['L1', 'L2', 'L3'] as const).filter((p) => perPhase(c, 'Current.Import')[p] > 0);

describe('ECU simulator ↔ OCPP central system', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup(
    over: Partial<EcuSimulatorOptions> = {},
    serverOptions: { password?: string } = {},
  ): Promise<{
    server: OcppTestServer;
    ecu: EcuSimulator;
    from: (m: string) => (c: ReceivedCall) => boolean;
  }> {
    const server = await startOcppTestServer(serverOptions);
    cleanups.push(() => server.close());
    const ecu = await startEcuSimulator({
      endpoint: server.endpoint,
      chargePointId: 'CP-1',
      phaseConnection: 'threePhase',
      phaseRotation: 'RST',
      ratedCurrentA: 32,
      meterValueIntervalS: 0.05,
      random: mulberry32(42),
      backoff: { initialDelayMs: 50, maxDelayMs: 500 },
      ...over,
    });
    cleanups.push(() => ecu.stop());
    const from = (method: string) => (c: ReceivedCall) =>
      c.identity === ecu.chargePointId && c.method === method;
    return { server, ecu, from };
  }

  it('boots with a Basic-auth password, reports both connectors and sends heartbeats at the returned interval', async () => {
    const { server, from } = await setup({ password: 'secret-pass-123' }, { password: 'secret-pass-123' });
    const boot = await server.calls.waitFor(from('BootNotification'), { what: 'boot' });
    expect(boot.params).toMatchObject({
      chargePointVendor: 'MENNEKES',
      chargePointModel: 'AMEDIO Professional+',
    });
    const status = (id: number) => (c: ReceivedCall) =>
      from('StatusNotification')(c) && c.params.connectorId === id;
    await server.calls.waitFor(status(0), { what: 'status of connector 0' });
    expect((await server.calls.waitFor(status(1))).params.status).toBe('Available');
    await server.calls.waitFor(from('Heartbeat'), { what: 'heartbeat' });
  });

  it('retries BootNotification after Pending', async () => {
    const { server, from } = await setup();
    let boots = 0;
    server.respond('BootNotification', () => ({
      status: ++boots === 1 ? 'Pending' : 'Accepted',
      currentTime: new Date().toISOString(),
      interval: 1,
    }));
    await server.calls.waitFor(from('StatusNotification'), { what: 'status after a Pending boot' });
    expect(server.calls.events.filter(from('BootNotification')).length).toBeGreaterThanOrEqual(2);
  });

  const cases: Array<[PhaseRotation, EvType, GridPhase[]]> = [
    ['RST', '1-phase-16A', ['L1']],
    ['STR', '1-phase-16A', ['L2']],
    ['TRS', '1-phase-16A', ['L3']],
    ['STR', '2-phase-16A', ['L2', 'L3']],
    ['TRS', '3-phase-16A', ['L1', 'L2', 'L3']],
  ];
  it.each(cases)('rotation %s with a %s EV loads grid phases %j', async (phaseRotation, type, expected) => {
    const { server, ecu, from } = await setup({ phaseRotation });
    await server.calls.waitFor(from('StatusNotification'));
    await ecu.plugIn(anEv(mulberry32(1), { type, idTag: 'TAG1', stateOfCharge: 0.3 }));
    const charging = (c: ReceivedCall) => from('MeterValues')(c) && loadedPhases(c).length > 0;
    const mv = await server.calls.waitFor(charging, { what: 'meter values while charging' });
    expect(loadedPhases(mv)).toEqual(expected);
    for (const p of expected) expect(perPhase(mv, 'Current.Import')[p]).toBeLessThanOrEqual(16);
    expect(perPhase(mv, 'Current.Offered')).toEqual({ L1: 32, L2: 32, L3: 32 });
  });

  it('a single-phase CP on S/T/R loads only L2, even for a 3-phase EV', async () => {
    const { server, ecu, from } = await setup({ phaseConnection: 'singlePhase', phaseRotation: 'STR' });
    await server.calls.waitFor(from('StatusNotification'));
    await ecu.plugIn(anEv(mulberry32(1), { type: '3-phase-16A', stateOfCharge: 0.2 }));
    const mv = await server.calls.waitFor((c) => from('MeterValues')(c) && loadedPhases(c).length > 0);
    expect(loadedPhases(mv)).toEqual(['L2']);
    expect(perPhase(mv, 'Current.Offered')).toEqual({ L1: 0, L2: 32, L3: 0 });
  });

  it('walks a session through the OCPP statuses with a transaction', async () => {
    const { server, ecu, from } = await setup();
    await server.calls.waitFor(from('StatusNotification'));
    const statusIs = (s: string) => (c: ReceivedCall) =>
      from('StatusNotification')(c) && c.params.status === s;
    await ecu.plugIn(anEv(mulberry32(3), { type: '3-phase-16A', idTag: 'CARD-7', stateOfCharge: 0.4 }));
    await server.calls.waitFor(statusIs('Charging'), { what: 'Charging' });
    expect((await server.calls.waitFor(from('StartTransaction'))).params.idTag).toBe('CARD-7');
    const mv = await server.calls.waitFor((c) => from('MeterValues')(c) && c.params.transactionId === 1);
    expect(perPhase(mv, 'Current.Import').L1).toBeGreaterThan(14);

    ecu.setOfferedCurrent(4);
    await server.calls.waitFor(statusIs('SuspendedEVSE'), { what: 'SuspendedEVSE below 6 A' });
    const resumedFrom = server.calls.events.length;
    ecu.setOfferedCurrent(10);
    await server.calls.waitFor(statusIs('Charging'), { from: resumedFrom, what: 'Charging again at 10 A' });
    const limited = await server.calls.waitFor(
      (c) => from('MeterValues')(c) && perPhase(c, 'Current.Offered').L1 === 10,
    );
    expect(perPhase(limited, 'Current.Import').L1).toBeLessThanOrEqual(10);

    await ecu.unplug();
    await server.calls.waitFor(statusIs('Finishing'));
    expect((await server.calls.waitFor(from('StopTransaction'))).params.transactionId).toBe(1);
    await server.calls.waitFor(statusIs('Available'), {
      from: server.calls.events.findIndex(statusIs('Finishing')),
    });
    expect(ecu.state.status).toBe('Available');
  });

  it('charges without a transaction id when StartTransaction is NotImplemented', async () => {
    const { server, ecu, from } = await setup();
    server.respond('StartTransaction', notImplemented);
    await server.calls.waitFor(from('StatusNotification'));
    await ecu.plugIn(anEv(mulberry32(5), { type: '1-phase-32A', stateOfCharge: 0.3 }));
    const mv = await server.calls.waitFor((c) => from('MeterValues')(c) && loadedPhases(c).length > 0);
    expect(mv.params.transactionId).toBeUndefined();
    expect(ecu.state.status).toBe('Charging');
  });

  it('answers configuration, charging profile and reset calls', async () => {
    const { server, ecu, from } = await setup();
    await server.calls.waitFor(from('StatusNotification'));
    await ecu.plugIn(anEv(mulberry32(9), { type: '3-phase-32A', stateOfCharge: 0.2 }));

    const config = (await server.call('CP-1', 'GetConfiguration', {
      key: ['HeartbeatInterval', 'Nope'],
    })) as Record<string, unknown>;
    expect(config).toMatchObject({
      configurationKey: [{ key: 'HeartbeatInterval', value: '1' }],
      unknownKey: ['Nope'],
    });
    expect(
      await server.call('CP-1', 'ChangeConfiguration', { key: 'HeartbeatInterval', value: '2' }),
    ).toEqual({ status: 'Accepted' });
    expect(
      await server.call('CP-1', 'ChangeConfiguration', { key: 'NumberOfConnectors', value: '2' }),
    ).toEqual({ status: 'Rejected' });
    expect(await server.call('CP-1', 'ChangeConfiguration', { key: 'Unknown', value: '1' })).toEqual({
      status: 'NotSupported',
    });

    const profile = {
      connectorId: 1,
      csChargingProfiles: {
        chargingProfileId: 7,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Absolute',
        chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 12 }] },
      },
    };
    expect(await server.call('CP-1', 'SetChargingProfile', profile)).toEqual({ status: 'Accepted' });
    await server.calls.waitFor((c) => from('MeterValues')(c) && perPhase(c, 'Current.Offered').L1 === 12, {
      what: 'profile cap',
    });
    expect(await server.call('CP-1', 'ClearChargingProfile', { id: 7 })).toEqual({ status: 'Accepted' });
    await server.calls.waitFor((c) => from('MeterValues')(c) && perPhase(c, 'Current.Offered').L1 === 32, {
      what: 'cap cleared',
    });

    const boots = server.calls.events.filter(from('BootNotification')).length;
    expect(await server.call('CP-1', 'Reset', { type: 'Soft' })).toEqual({ status: 'Accepted' });
    await server.calls.waitFor(from('BootNotification'), {
      from: server.calls.events.findLastIndex(from('BootNotification')) + 1,
    });
    expect(server.calls.events.filter(from('BootNotification')).length).toBe(boots + 1);
  });

  it('reconnects and boots again when the socket drops', async () => {
    const { server, from } = await setup();
    await server.calls.waitFor(from('StatusNotification'));
    const before = server.calls.events.length;
    await server.drop('CP-1');
    await server.calls.waitFor(from('BootNotification'), { from: before, what: 'boot after reconnect' });
    await server.calls.waitFor(from('MeterValues'), { from: before, what: 'meter values after reconnect' });
  });
});
