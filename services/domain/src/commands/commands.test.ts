import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CommandResultTelemetry } from '../contracts/commands';
import { TelemetryMessage } from '../contracts/messages';
import { TELEMETRY_SCHEMA_VERSION } from '../contracts/telemetry';
import { commandExpired, msUntilDeadline } from './deadline';
import { outcomeOf } from './ocpp-calls';
import { bootFirmwareVersion, decideOperatorLimit, operatorLimitKeys } from './operator-limit';
import { readCommand, readCommandJson } from './read-command';

const ID = '7b0c3f4e-2a51-4c1e-9d7a-0f6c1b2a3d4e';
// JSON round trip: a field set to undefined is left out, as on the wire.
const aCommand = (over: Record<string, unknown> = {}): Record<string, unknown> =>
  JSON.parse(
    JSON.stringify({
      v: 1,
      commandId: ID,
      issuedAt: '2026-11-24T10:00:00Z',
      deadline: '2026-11-24T10:05:00Z',
      chargePointId: 'CP-1',
      kind: 'setOperatorLimit',
      amps: 32,
      ...over,
    }),
  ) as Record<string, unknown>;
const aProfile = (over: Record<string, unknown> = {}) => ({
  chargingProfileId: 1,
  stackLevel: 0,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Relative',
  chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
  ...over,
});
const paths = (raw: unknown) => {
  const read = readCommand(raw);
  return read.ok ? [] : read.issues.map((i) => i.path);
};
const keys = (() => {
  const k = operatorLimitKeys('4.61');
  if (!k.ok) throw new Error(k.detail);
  return k.keys;
})();

describe('readCommand', () => {
  it('accepts every kind', () => {
    const kinds = [
      aCommand(),
      aCommand({ kind: 'getConfiguration', amps: undefined, keys: ['HeartbeatInterval'] }),
      aCommand({ kind: 'changeConfiguration', amps: undefined, key: 'HeartbeatInterval', value: '60' }),
      aCommand({
        kind: 'setChargingProfile',
        amps: undefined,
        connectorId: 1,
        csChargingProfiles: aProfile(),
      }),
      aCommand({ kind: 'clearChargingProfile', amps: undefined, chargingProfilePurpose: 'TxDefaultProfile' }),
      aCommand({ kind: 'reset', amps: undefined, type: 'Soft' }),
    ];
    for (const raw of kinds) expect(readCommand(raw)).toMatchObject({ ok: true });
  });

  it('names the bad field and still reads the command id and charge point', () => {
    const read = readCommand(aCommand({ amps: 12.5 }));
    expect(read).toMatchObject({ ok: false, commandId: ID, chargePointId: 'CP-1' });
    expect(paths(aCommand({ amps: 12.5 }))).toEqual(['amps']);
    expect(paths(aCommand({ deadline: '2026-11-24T09:00:00Z' }))).toEqual(['deadline']);
    expect(paths(aCommand({ kind: 'reset', amps: undefined, type: 'Warm' }))).toEqual(['type']);
    expect(readCommand(aCommand({ commandId: 'nope' }))).not.toHaveProperty('commandId');
    expect(readCommandJson('{"v":')).toMatchObject({ ok: false, issues: [{ path: '(root)' }] });
  });

  it('restricts charging profiles to TxDefaultProfile / ChargePointMaxProfile and checks the schedule', () => {
    const set = (connectorId: number, profile: Record<string, unknown>) =>
      aCommand({ kind: 'setChargingProfile', amps: undefined, connectorId, csChargingProfiles: profile });
    expect(paths(set(1, aProfile({ chargingProfilePurpose: 'TxProfile' })))).toEqual([
      'csChargingProfiles.chargingProfilePurpose',
    ]);
    expect(paths(set(1, aProfile({ chargingProfilePurpose: 'ChargePointMaxProfile' })))).toEqual([
      'connectorId',
    ]);
    expect(paths(set(0, aProfile({ chargingProfilePurpose: 'ChargePointMaxProfile' })))).toEqual([]);
    expect(paths(set(1, aProfile({ chargingProfileKind: 'Absolute' })))).toEqual([
      'csChargingProfiles.chargingSchedule.startSchedule',
    ]);
    const late = { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 60, limit: 16 }] };
    expect(paths(set(1, aProfile({ chargingSchedule: late })))).toEqual([
      'csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.startPeriod',
    ]);
  });
});

describe('setOperatorLimit decision (§7.1)', () => {
  const reply = (value: string) => ({
    configurationKey: [{ key: keys.subDistributionLimit, readonly: false, value }],
  });

  it('changes the operator limit only up to the lowest phase of the EVSE Sub-Distribution Limit', () => {
    fc.assert(
      fc.property(fc.tuple(fc.nat(2000), fc.nat(2000), fc.nat(2000)), fc.nat(2000), ([l1, l2, l3], amps) => {
        const decision = decideOperatorLimit(amps, keys, reply(`(${l1}/${l2}/${l3})`));
        if (amps > Math.min(l1, l2, l3)) {
          expect(decision).toMatchObject({ action: 'refuse' });
          if (decision.action === 'refuse') expect(decision.detail).toContain('EVSE Sub-Distribution Limit');
        } else {
          expect(decision).toEqual({
            action: 'change',
            key: keys.operatorLimit,
            value: `(${amps}/${amps}/${amps})`,
          });
        }
      }),
    );
  });

  it('refuses when the limit cannot be read', () => {
    expect(decideOperatorLimit(10, keys, { unknownKey: [keys.subDistributionLimit] })).toMatchObject({
      action: 'refuse',
      detail: expect.stringContaining('could not be read') as unknown,
    });
    expect(decideOperatorLimit(10, keys, reply('lots'))).toMatchObject({ action: 'refuse' });
  });

  it('finds the OCPP keys by firmware, including simulator and build suffixes', () => {
    expect(bootFirmwareVersion('4.61-sim')).toBe('4.61');
    expect(bootFirmwareVersion('4.52-5412-d6a2288f6')).toBe('4.52');
    for (const fw of ['4.50', '4.52', '4.53', '4.61'])
      expect(operatorLimitKeys(fw)).toMatchObject({ ok: true });
    expect(operatorLimitKeys('3.1')).toMatchObject({ ok: false });
    expect(operatorLimitKeys(undefined)).toMatchObject({ ok: false });
    expect(keys.operatorLimit.length).toBeLessThanOrEqual(50); // OCPP CiString50
  });
});

describe('deadline', () => {
  it('a command runs strictly before its deadline', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4e12 }),
        fc.integer({ min: -1e6, max: 1e6 }),
        (deadline, offset) => {
          const command = { deadline: new Date(deadline).toISOString() };
          expect(commandExpired(command, deadline + offset)).toBe(offset >= 0);
          expect(msUntilDeadline(command, deadline + offset)).toBe(Math.max(0, -offset));
        },
      ),
    );
  });
});

describe('results', () => {
  it('maps OCPP statuses into command statuses', () => {
    expect(outcomeOf('ChangeConfiguration', { status: 'Accepted' }).status).toBe('accepted');
    expect(outcomeOf('ChangeConfiguration', { status: 'RebootRequired' })).toMatchObject({
      status: 'accepted',
      detail: expect.stringContaining('RebootRequired') as unknown,
    });
    expect(outcomeOf('ChangeConfiguration', { status: 'Rejected' }).status).toBe('rejected');
    expect(outcomeOf('ChangeConfiguration', { status: 'NotSupported' }).status).toBe('rejected');
    expect(outcomeOf('ClearChargingProfile', { status: 'Unknown' }).status).toBe('rejected');
    expect(outcomeOf('GetConfiguration', { configurationKey: [] }).status).toBe('accepted');
  });

  it("travels as the telemetry event 'commandResult'", () => {
    const result = {
      v: TELEMETRY_SCHEMA_VERSION,
      messageId: 'msg-00000001',
      chargePointId: 'CP-1',
      observedAt: '2026-11-24T10:00:01Z',
      type: 'commandResult',
      commandId: ID,
      status: 'refused',
      detail: 'x',
    };
    expect(CommandResultTelemetry.parse(result)).toEqual(result);
    expect(TelemetryMessage.parse(result)).toEqual(result);
  });
});
