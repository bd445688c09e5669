import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { EcuConfig } from '../config/catalog';
import { ECU_PARAM_KEYS, paramSpec } from '../config/catalog';
import type { ParamSpec } from '../config/catalog-types';
import { FIRMWARE_VERSIONS } from '../config/firmware';
import { diffConfig } from './diff';
import { renderConfig } from './normalise';

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
        : fc
            .string({ minLength: 1, maxLength: 40 })
            .map((s) => s.trim())
            .filter((s) => s !== '');
  }
}

const configArb: fc.Arbitrary<EcuConfig> = fc.record(
  Object.fromEntries(ECU_PARAM_KEYS.map((key) => [key, valueArb(paramSpec(key))])),
  { requiredKeys: [] },
);
const versionArb = fc.constantFrom(...FIRMWARE_VERSIONS);

describe('drift', () => {
  test.prop([configArb, versionArb])(
    'drift(x, x) is empty across firmware versions (canonical and rendered)',
    (config, version) => {
      for (const reported of [config as Record<string, unknown>, renderConfig(config, version)]) {
        const drift = diffConfig(config, reported, version);
        expect(drift.drifted).toEqual([]);
        expect(drift.invalid).toEqual([]);
        expect(drift.inSync).toBe(true);
      }
    },
  );

  it('does not count a renamed parameter as drift (4.53 vs 4.61 names and option labels)', () => {
    const desired: EcuConfig = { networkMode: 'static', externalLoadFallback: { l1: 50, l2: 50, l3: 50 } };
    expect(
      diffConfig(
        desired,
        {
          'Mode for network configuration': 'Manual config',
          'External Meter Disconnected Fallback (L1/L2/L3) [A]': '50 50 50',
        },
        '4.53-1',
      ).inSync,
    ).toBe(true);
    expect(
      diffConfig(
        desired,
        {
          'Mode for ethernet configuration': 'Static',
          'External Load Fallback (L1/L2/L3) [A]': '(50/50/50)',
        },
        '4.61',
      ).inSync,
    ).toBe(true);
  });

  it('reads the §4.1 tables as written (old name, "DHCP Server", "Auto (DHCP Client)") on 4.61', () => {
    expect(
      diffConfig({ networkMode: 'dhcpServer' }, { 'Mode for network configuration': 'DHCP Server' }, '4.61')
        .inSync,
    ).toBe(true);
    expect(
      diffConfig({ networkMode: 'auto' }, { 'Mode for ethernet configuration': 'Auto (DHCP Client)' }, '4.61')
        .inSync,
    ).toBe(true);
    expect(
      diffConfig({ networkMode: 'auto' }, { 'Mode for network configuration': 'Auto (DHCP)' }, '4.53').inSync,
    ).toBe(true);
  });

  it('normalises triplets, enum spellings, whitespace and case', () => {
    const desired: EcuConfig = {
      evseSubDistributionLimit: { l1: 32, l2: 32, l3: 32 },
      dlmMode: 'masterWithInternalSlave',
      dlmSampleRate: 30,
      wanRouter: true,
      staticIp: '192.168.0.2',
      phaseRotation: 'STR',
    };
    const reported = {
      'EVSE Sub-Distribution Limit (L1/L2/L3) [A]': [32, '32', ' 32 '],
      'dynamic load management': '  dlm master (with internal dlm-slave) ',
      'DLM Algorithm Sample Rate': '30 sec',
      'WAN router': 'On',
      'Static network configuration IP': ' 192.168.0.2 ',
      'Phase rotation of the Charge Point': 'S/T/R (L2/L3/L1)',
    };
    expect(diffConfig(desired, reported, '4.53').drifted).toEqual([]);
  });

  it('reports changed and missing values with names and labels of the ECU firmware', () => {
    const desired: EcuConfig = {
      operatorEvseSubDistributionLimit: { l1: 80, l2: 80, l3: 80 },
      networkMode: 'static',
      currentImbalanceLimit: 20,
    };
    const drift = diffConfig(
      desired,
      {
        'Operator EVSE Sub-Distribution Limit (L1/L2/L3) [A]': '(100/100/100)',
        'Mode for network configuration': 'Auto (DHCP)',
      },
      '4.53-1',
    );
    expect(drift.drifted).toEqual([
      {
        key: 'networkMode',
        name: 'Mode for network configuration',
        status: 'changed',
        desired: 'Manual config',
        reported: 'Auto (DHCP)',
        apply: 'saveAndRestart',
      },
      {
        key: 'operatorEvseSubDistributionLimit',
        name: 'Operator EVSE Sub-Distribution Limit (L1/L2/L3) [A]',
        status: 'changed',
        desired: '(80/80/80)',
        reported: '(100/100/100)',
        apply: 'runtime',
      },
      {
        key: 'currentImbalanceLimit',
        name: 'Current Imbalance Limit',
        status: 'missing',
        desired: '20',
        apply: 'saveAndRestart',
      },
    ]);
  });

  it("marks parameters and options the firmware lacks 'not applicable', never drift", () => {
    const desired: EcuConfig = {
      externalLoadHeadroom: { l1: 0, l2: 0, l3: 0 },
      httpBasicAuthPassword: 'secret',
      networkMode: 'dhcpServer',
    };
    const drift = diffConfig(desired, {}, '4.53-1');
    expect(drift.drifted).toEqual([]);
    expect(drift.notApplicable.map((n) => [n.key, n.reason])).toEqual([
      ['networkMode', 'option'],
      ['httpBasicAuthPassword', 'parameter'],
      ['externalLoadHeadroom', 'parameter'],
    ]);
  });

  it('never shows secrets and does not call an unreported secret drift', () => {
    const desired: EcuConfig = { httpBasicAuthPassword: 'NuLRhQdeM6jttw51Myh4' };
    expect(diffConfig(desired, {}, '4.61').unverifiable).toEqual(['httpBasicAuthPassword']);
    const drift = diffConfig(desired, { 'HTTP Basic Authentication password': 'other' }, '4.61');
    expect(JSON.stringify(drift)).not.toContain('NuLRhQdeM6jttw51Myh4');
    expect(JSON.stringify(drift)).not.toContain('other');
    expect(drift.drifted).toHaveLength(1);
  });

  it('lists unknown names and unreadable values', () => {
    const drift = diffConfig(
      { dlmNetworkId: 0 },
      { 'DLM Network Id': 'zero', Algorithm: 'Fair Trade (FIFO)' },
      '4.61',
    );
    expect(drift.unknownNames).toEqual(['Algorithm']);
    expect(drift.invalid.map((i) => i.key)).toEqual(['dlmNetworkId']);
    expect(drift.inSync).toBe(false);
  });
});
