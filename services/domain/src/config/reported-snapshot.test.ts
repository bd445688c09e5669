import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { ReportedConfigSnapshot, MAX_OTHER_OCPP_KEYS } from '../contracts/reported-config';
import { diffConfig } from '../drift/diff';
import { reportedConfigOf } from '../drift/reported';
import type { EcuConfig } from './catalog';
import { ECU_PARAM_KEYS, paramSpec } from './catalog';
import type { ParamSpec } from './catalog-types';
import { FIRMWARE_VERSIONS } from './firmware';
import { renderOcppConfiguration } from './ocpp-configuration';
import { snapshotOfConfiguration, type OcppConfigurationEntry } from './reported-snapshot';

// GetConfiguration.conf → 'reportedConfig' snapshot → the drift's reported configuration.

const read = (entries: OcppConfigurationEntry[], firmwareVersion?: string) =>
  snapshotOfConfiguration({ entries, trigger: 'boot', sequence: 1, firmwareVersion });

function valueArb(spec: ParamSpec): fc.Arbitrary<unknown> {
  switch (spec.type) {
    case 'enum':
      return fc.constantFrom(...spec.options.map((o) => o.value));
    case 'int':
      return fc.integer({ min: spec.min, max: spec.max });
    case 'triplet': {
      const phase = fc.integer({ min: spec.min, max: spec.max });
      return fc.record({ l1: phase, l2: phase, l3: phase });
    }
    case 'bool':
      return fc.boolean();
    case 'string':
      return spec.format === 'ipv4' || spec.format === 'netmask'
        ? fc.ipV4()
        : fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() === s && s !== '');
  }
}
const configArb: fc.Arbitrary<EcuConfig> = fc.record(
  Object.fromEntries(ECU_PARAM_KEYS.map((key) => [key, valueArb(paramSpec(key))])),
  { requiredKeys: [] },
);

describe('reported configuration snapshot', () => {
  test.prop([
    configArb,
    fc.constantFrom(...FIRMWARE_VERSIONS),
    fc.constantFrom('', '-5412-d6a2288f6', '-sim'),
  ])(
    'an ECU serving a configuration reports it back without drift (any firmware, any build suffix)',
    (config, version, suffix) => {
      const served = renderOcppConfiguration(config, version);
      const snapshot = read(
        [...served, { key: 'HeartbeatInterval', readonly: false, value: '300' }],
        version + suffix,
      );
      expect(ReportedConfigSnapshot.safeParse(snapshot).error?.issues).toBeUndefined();
      expect(snapshot.catalogVersion).toBe(version);
      expect(snapshot.parameters).toHaveLength(served.length);
      expect(snapshot.otherKeys).toEqual([{ key: 'HeartbeatInterval', readonly: false, value: '300' }]);
      const report = reportedConfigOf(snapshot);
      const drift = diffConfig(config, report.config, report.firmware ?? version);
      expect(drift.drifted).toEqual([]);
      expect(drift.invalid).toEqual([]);
      expect(drift.firmware).toBe(version);
    },
  );

  it('maps keys by the firmware, keeps every other key raw, and never drops one', () => {
    const snapshot = read(
      [
        { key: 'Mode for network configuration', readonly: true, value: 'Manual config' },
        { key: 'External Meter Disconnected Fallback', readonly: false, value: '(50/50/50)' },
        { key: 'HeartbeatInterval', readonly: false, value: '300' },
        { key: 'X-Vendor-Feature', value: 'on' },
        { key: 'DLM Network Id', readonly: false },
      ],
      '4.53-1',
    );
    expect(snapshot.parameters).toEqual([
      { param: 'networkMode', key: 'Mode for network configuration', readonly: true, value: 'Manual config' },
      {
        param: 'externalLoadFallback',
        key: 'External Meter Disconnected Fallback',
        readonly: false,
        value: '(50/50/50)',
      },
      { param: 'dlmNetworkId', key: 'DLM Network Id', readonly: false },
    ]);
    expect(snapshot.otherKeys.map((k) => k.key)).toEqual(['HeartbeatInterval', 'X-Vendor-Feature']);
    expect(reportedConfigOf(snapshot)).toEqual({
      firmware: '4.53-1',
      config: { networkMode: 'Manual config', externalLoadFallback: '(50/50/50)' },
    });
  });

  it('reads any firmware spelling when the firmware is unknown', () => {
    const snapshot = read([{ key: 'External Load Fallback', readonly: false, value: '10/10/10' }]);
    expect(snapshot.catalogVersion).toBeUndefined();
    expect(snapshot.parameters[0]?.param).toBe('externalLoadFallback');
  });

  it('never copies a secret: the catalog password and OCPP AuthorizationKey are redacted', () => {
    const snapshot = read(
      [
        { key: 'HTTP Basic Authentication password', readonly: false, value: 'NuLRhQdeM6jttw51Myh4' },
        { key: 'AuthorizationKey', readonly: false, value: '0011223344556677' },
      ],
      '4.61',
    );
    expect(JSON.stringify(snapshot)).not.toContain('NuLRhQdeM6jttw51Myh4');
    expect(JSON.stringify(snapshot)).not.toContain('0011223344556677');
    expect(snapshot.parameters[0]).toMatchObject({ param: 'httpBasicAuthPassword', redacted: true });
    expect(snapshot.otherKeys[0]).toMatchObject({ key: 'AuthorizationKey', redacted: true });
    expect(
      diffConfig({ httpBasicAuthPassword: 'x' }, reportedConfigOf(snapshot).config, '4.61').unverifiable,
    ).toEqual(['httpBasicAuthPassword']);
  });

  it('counts the keys past the bound instead of dropping them silently', () => {
    const many = Array.from({ length: MAX_OTHER_OCPP_KEYS + 3 }, (_, i) => ({ key: `K${i}`, value: '1' }));
    const snapshot = read(many, '4.61');
    expect(snapshot.otherKeys).toHaveLength(MAX_OTHER_OCPP_KEYS);
    expect(snapshot.otherKeysOmitted).toBe(3);
    expect(ReportedConfigSnapshot.safeParse(snapshot).success).toBe(true);
  });
});
