import { describe, expect, it } from 'vitest';
import { ECU_PARAM_KEYS, normaliseName, paramSpec } from './catalog';
import { FIRMWARE_VERSIONS } from './firmware';
import { ocppKeyOf, paramOfOcppKey, planConfigurationChange } from './ocpp-configuration';
import { ocppKeyMap } from './ocpp-keys';

// The OCPP key mapping is data beside the catalog: these tests hold it to the catalog (same parameters,
// same firmware availability, renames followed) and to OCPP 1.6 (keys are CiString50).

const stripUnit = (name: string): string =>
  name
    .replace(/\s*\(L1\/L2\/L3\)/, '')
    .replace(/\s*\[[A-Za-z]+\]\s*$/, '')
    .trim();

describe('OCPP key mapping (config/ocpp-keys.ts)', () => {
  it('has a key on exactly the firmware versions the catalog has the parameter', () => {
    expect(Object.keys(ocppKeyMap).sort()).toEqual([...ECU_PARAM_KEYS].sort());
    for (const param of ECU_PARAM_KEYS)
      for (const version of FIRMWARE_VERSIONS)
        expect({ param, version, has: ocppKeyOf(param, version) !== undefined }).toEqual({
          param,
          version,
          has: paramSpec(param).names[version] !== undefined,
        });
  });

  it('keeps keys within CiString50, one parameter per key across every firmware', () => {
    const owner = new Map<string, string>();
    for (const param of ECU_PARAM_KEYS)
      for (const version of FIRMWARE_VERSIONS) {
        const key = ocppKeyOf(param, version);
        if (key === undefined) continue;
        expect(key.length).toBeLessThanOrEqual(50);
        const seen = owner.get(normaliseName(key));
        expect({ key, param: seen ?? param }).toEqual({ key, param });
        owner.set(normaliseName(key), param);
      }
  });

  it("says where each key comes from; every 'assumed' key is the web name without its unit suffix", () => {
    for (const param of ECU_PARAM_KEYS) {
      const mapping = ocppKeyMap[param];
      expect(['assumed', 'observed']).toContain(mapping.source);
      if (mapping.source !== 'assumed') continue;
      for (const version of FIRMWARE_VERSIONS) {
        const name = paramSpec(param).names[version];
        expect(ocppKeyOf(param, version)).toBe(name === undefined ? undefined : stripUnit(name));
      }
    }
  });

  it('follows the 4.61 renames, and reads an old spelling on a new firmware', () => {
    expect(ocppKeyOf('externalLoadFallback', '4.53')).toBe('External Meter Disconnected Fallback');
    expect(ocppKeyOf('externalLoadFallback', '4.61')).toBe('External Load Fallback');
    expect(paramOfOcppKey('mode for NETWORK configuration', '4.61')).toBe('networkMode');
    expect(paramOfOcppKey('HeartbeatInterval', '4.61')).toBeUndefined();
  });
});

describe('ChangeConfiguration of a catalog key (OCPP 1.6 §5.3)', () => {
  it('accepts a runtime parameter at once', () => {
    expect(planConfigurationChange('Operator EVSE Sub-Distribution Limit', '16/16/16', '4.61')).toMatchObject(
      {
        status: 'Accepted',
        param: 'operatorEvseSubDistributionLimit',
        value: { l1: 16, l2: 16, l3: 16 },
        rendered: '(16/16/16)',
      },
    );
  });

  it("answers RebootRequired for a 'Save & Restart' parameter", () => {
    expect(planConfigurationChange('DLM Algorithm Sample Rate', '60', '4.53')).toMatchObject({
      status: 'RebootRequired',
      value: 60,
    });
    expect(planConfigurationChange('Mode for network configuration', 'Auto (DHCP)', '4.53')).toMatchObject({
      status: 'Rejected',
      reason: 'read-only',
    });
  });

  it('rejects invalid values: not a number, out of range, an option the firmware lacks', () => {
    for (const [key, value] of [
      ['DLM Algorithm Sample Rate', 'often'],
      ['DLM Algorithm Sample Rate', '30 sec'],
      ['DLM Algorithm Sample Rate', '0'],
      ['Current Imbalance Limit', '101'],
      ['Dynamic Load Management', 'Boss'],
      ['Operator EVSE Sub-Distribution Limit', '16/16'],
    ] as const)
      expect({ key, value, status: planConfigurationChange(key, value, '4.61').status }).toEqual({
        key,
        value,
        status: 'Rejected',
      });
  });

  it('does not support a key the firmware lacks (a 4.61 parameter on 4.53) or an unknown key', () => {
    expect(planConfigurationChange('External Load Headroom', '0/0/0', '4.53')).toEqual({
      status: 'NotSupported',
    });
    expect(planConfigurationChange('Algorithm', 'Fair Trade', '4.61')).toEqual({ status: 'NotSupported' });
  });

  it('never renders a secret it accepted', () => {
    expect(planConfigurationChange('HTTP Basic Authentication password', 's3cret', '4.61')).toMatchObject({
      status: 'RebootRequired',
      rendered: undefined,
    });
  });
});
