import { describe, expect, it } from 'vitest';
import type { EcuConfig, EcuParamKey } from './catalog';
import {
  ECU_PARAM_KEYS,
  ecuParameters,
  paramAvailable,
  paramKeyByName,
  paramName,
  paramSpec,
} from './catalog';
import type { ParamSpec } from './catalog-types';
import { EcuConfigSchema } from './config-schema';
import { FIRMWARE_VERSIONS, firmwareVersionOf, parseFirmware } from './firmware';

function sampleValue(spec: ParamSpec): unknown {
  switch (spec.type) {
    case 'enum':
      return spec.options[0]?.value;
    case 'int':
      return spec.min;
    case 'triplet':
      return { l1: spec.max, l2: spec.min, l3: spec.max };
    case 'bool':
      return true;
    case 'string':
      return spec.format === 'ipv4' || spec.format === 'netmask' ? '255.255.255.0' : 'wss://x';
  }
}

describe('parameter catalog', () => {
  it('names every parameter in at least one firmware and says where and how it applies', () => {
    for (const key of ECU_PARAM_KEYS) {
      const spec = paramSpec(key);
      expect(Object.keys(spec.names).length, key).toBeGreaterThan(0);
      expect(spec.section, key).toMatch(/^§/);
      expect(['eachEcu', 'station', 'dlmMaster', 'gateway']).toContain(spec.scope);
    }
  });

  it('knows the renames between 4.53 and 4.61 (§4.1, §7.4.1)', () => {
    expect(paramName('networkMode', '4.53')).toBe('Mode for network configuration');
    expect(paramName('networkMode', '4.61')).toBe('Mode for ethernet configuration');
    expect(paramName('externalLoadFallback', '4.53')).toBe(
      'External Meter Disconnected Fallback (L1/L2/L3) [A]',
    );
    expect(paramName('externalLoadFallback', '4.61')).toBe('External Load Fallback (L1/L2/L3) [A]');
    const modes = ecuParameters.networkMode.options;
    expect(modes.map((o) => o.labels['4.53'])).toEqual(['Auto (DHCP)', 'Manual config', undefined]);
    expect(modes.map((o) => o.labels['4.61'])).toEqual(['Auto', 'Static', 'DHCP server']);
  });

  it('has Headroom, HTTP Basic Authentication password and the DHCP server only from 4.61', () => {
    for (const version of ['4.50', '4.52', '4.53'] as const) {
      expect(paramAvailable('externalLoadHeadroom', version)).toBe(false);
      expect(paramAvailable('httpBasicAuthPassword', version)).toBe(false);
    }
    expect(paramAvailable('externalLoadHeadroom', '4.61')).toBe(true);
    expect(paramAvailable('httpBasicAuthPassword', '4.61')).toBe(true);
    expect(paramSpec('httpBasicAuthPassword').secret).toBe(true);
  });

  it('finds a parameter by any spelling the manual uses', () => {
    const cases: [string, EcuParamKey][] = [
      ['Internal Input 1 Config', 'externalInput1Config'],
      ['External Input 1 Config', 'externalInput1Config'],
      ['Ext. Input 1 Current Offset (L1/L2/L3) [A]', 'externalInput1CurrentOffset'],
      ['Internal Input 1 Current Offset (L1/L2/L3) [A]', 'externalInput1CurrentOffset'],
      ['  mode for NETWORK configuration ', 'networkMode'],
      ['WebSocket JSON OCPP URL of Backend', 'backendUrl'],
      ['EVSE Sub-Distribution Limit (L1/ L2/L3) [A]', 'evseSubDistributionLimit'],
      ['Operator Current Limit (A)', 'operatorCurrentLimit'],
    ];
    for (const [name, key] of cases) expect(paramKeyByName(name), name).toBe(key);
  });

  it('derives a typed EcuConfig from the catalog (canonical option values only)', () => {
    const good: EcuConfig = {
      networkMode: 'dhcpServer',
      evseSubDistributionLimit: { l1: 32, l2: 32, l3: 32 },
    };
    // @ts-expect-error a firmware label is not a canonical value
    const bad: EcuConfig = { networkMode: 'Manual config' };
    expect(EcuConfigSchema.safeParse(good).success).toBe(true);
    expect(EcuConfigSchema.safeParse(bad).success).toBe(false);
  });

  it('marks the runtime operator limit and per-phase triplets', () => {
    expect(paramSpec('operatorEvseSubDistributionLimit').apply).toBe('runtime');
    expect(paramSpec('evseSubDistributionLimit').apply).toBe('saveAndRestart');
    expect(paramSpec('mainDistributionLimit').type).toBe('triplet');
    expect(paramSpec('evseSubDistributionLimit').scope).toBe('dlmMaster');
    expect(paramSpec('wanRouter').scope).toBe('gateway');
  });

  it('generates a zod schema that accepts every parameter in range and rejects unknown keys', () => {
    for (const key of ECU_PARAM_KEYS) {
      const spec = paramSpec(key);
      expect(EcuConfigSchema.safeParse({ [key]: sampleValue(spec) }).success, key).toBe(true);
      if (spec.type === 'int' || spec.type === 'triplet') {
        const tooBig = spec.type === 'int' ? spec.max + 1 : { l1: spec.max + 1, l2: 0, l3: 0 };
        expect(EcuConfigSchema.safeParse({ [key]: tooBig }).success, key).toBe(false);
      }
    }
    expect(EcuConfigSchema.safeParse({ modeForNetwork: 'auto' }).success).toBe(false);
    expect(EcuConfigSchema.safeParse({ networkMode: 'Manual config' }).success).toBe(false);
  });
});

describe('firmware versions', () => {
  it('parses commissioning application versions (§2.1 Fig. 3, §2.2 Fig. 5)', () => {
    expect(parseFirmware('4.52-5412-d6a2288f6')).toMatchObject({
      major: 4,
      minor: 52,
      build: '5412',
      commit: 'd6a2288f6',
      catalogVersion: '4.52',
      known: true,
    });
    expect(firmwareVersionOf('4.50-5332-f2190336c')).toBe('4.50');
    expect(firmwareVersionOf('4.61')).toBe('4.61');
    expect(parseFirmware('4.55-1')).toMatchObject({ catalogVersion: '4.53', known: false });
    expect(firmwareVersionOf('4.49')).toBeUndefined();
    expect(parseFirmware('latest')).toBeUndefined();
    expect(FIRMWARE_VERSIONS).toEqual(['4.50', '4.52', '4.53', '4.61']);
  });
});
