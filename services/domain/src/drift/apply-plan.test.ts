import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { aSite, anAmtron } from '../config/builders';
import type { EcuConfig } from '../config/catalog';
import { ECU_PARAM_KEYS, paramSpec } from '../config/catalog';
import type { ParamSpec } from '../config/catalog-types';
import { FIRMWARE_VERSIONS, firmwareVersionOf, type FirmwareVersion } from '../config/firmware';
import {
  paramOfOcppKey,
  planConfigurationChange,
  renderOcppConfiguration,
} from '../config/ocpp-configuration';
import type { Site } from '../config/site';
import { decideEcuApply, planDriftApply } from './apply-plan';
import { renderConfig } from './normalise';
import { siteDrift } from './rollup';

const FIRMWARE: Record<FirmwareVersion, string> = {
  '4.50': '4.50-1',
  '4.52': '4.52-5412-d6a2288f6',
  '4.53': '4.53-1',
  '4.61': '4.61-6000-a1b2c3d4e',
};

function siteWith(config: EcuConfig, version: FirmwareVersion = '4.61'): Site {
  return aSite({ stations: [anAmtron({ firmware: FIRMWARE[version], config })] });
}
const CP = 'amtron-1-cp1';

/** The plan when the ECU reports the desired values as its firmware shows them, but for `changed`. */
function plan(desired: Site, changed: Record<string, unknown>) {
  const ecu = desired.stations[0]!.ecus[0]!;
  const version = firmwareVersionOf(ecu.firmware)!;
  const config = { ...renderConfig(ecu.config, version), ...changed };
  return planDriftApply(desired, siteDrift(desired, { [CP]: { config } }));
}

/** The plan for exactly what the ECU reports. */
function planExact(desired: Site, reported: Record<string, unknown>) {
  return planDriftApply(desired, siteDrift(desired, { [CP]: { config: reported } }));
}

describe('planDriftApply', () => {
  it('sends a drifted runtime parameter under the firmware key, formatted as the firmware shows it', () => {
    const desired = siteWith({ operatorEvseSubDistributionLimit: { l1: 80, l2: 80, l3: 80 } });
    const [ecu, ...others] = plan(desired, {
      'Operator EVSE Sub-Distribution Limit (L1/L2/L3) [A]': '(100/100/100)',
    });
    expect(others).toEqual([]);
    expect(ecu?.changes).toEqual([
      {
        param: 'operatorEvseSubDistributionLimit',
        key: 'Operator EVSE Sub-Distribution Limit',
        name: 'Operator EVSE Sub-Distribution Limit (L1/L2/L3) [A]',
        value: '(80/80/80)',
        display: '(80/80/80)',
        apply: 'runtime',
        secret: false,
      },
    ]);
    expect(ecu?.needsReset).toBe(false);
    expect(planConfigurationChange('Operator EVSE Sub-Distribution Limit', '(80/80/80)', '4.61').status).toBe(
      'Accepted',
    );
  });

  it('uses the renamed key on 4.61 and the old one on 4.53; a rename alone is no command', () => {
    const fallback = { externalLoadFallback: { l1: 40, l2: 40, l3: 40 } };
    const on461 = plan(siteWith(fallback), { 'External Load Fallback (L1/L2/L3) [A]': '(50/50/50)' });
    expect(on461[0]?.changes.map((c) => c.key)).toEqual(['External Load Fallback']);
    const on453 = plan(siteWith(fallback, '4.53'), {
      'External Meter Disconnected Fallback (L1/L2/L3) [A]': '50 50 50',
    });
    expect(on453[0]?.changes.map((c) => c.key)).toEqual(['External Meter Disconnected Fallback']);
    // The same value under the other firmware's name: not drift, nothing planned.
    const renamed = siteWith(fallback, '4.61');
    expect(
      plan(renamed, {
        'External Meter Disconnected Fallback (L1/L2/L3) [A]': '(40/40/40)',
      }),
    ).toEqual([]);
  });

  it("gives a parameter the firmware lacks no command ('not applicable')", () => {
    const desired = siteWith({ externalLoadHeadroom: { l1: 5, l2: 5, l3: 5 } }, '4.53');
    expect(plan(desired, {})).toEqual([]);
  });

  it('marks Save & Restart changes as needing a Reset, and read-only keys as not sendable', () => {
    const desired = siteWith({ currentImbalanceLimit: 20, networkMode: 'static' });
    const [ecu] = plan(desired, {
      'Current Imbalance Limit': '16',
      'Mode for ethernet configuration': 'Auto',
    });
    expect(ecu?.changes.map((c) => [c.key, c.value, c.apply])).toEqual([
      ['Current Imbalance Limit', '20', 'saveAndRestart'],
    ]);
    expect(ecu?.needsReset).toBe(true);
    expect(ecu?.unsendable).toEqual([
      { param: 'networkMode', name: 'Mode for ethernet configuration', reason: 'readOnly' },
    ]);
  });

  it('sends a secret only when desired holds one, and never shows it', () => {
    const secret = 'NuLRhQdeM6jttw51Myh4';
    const withSecret = siteWith({ httpBasicAuthPassword: secret });
    const [ecu] = plan(withSecret, { 'HTTP Basic Authentication password': 'reported-in-clear' });
    expect(ecu?.changes).toMatchObject([
      { key: 'HTTP Basic Authentication password', value: secret, secret: true },
    ]);
    const { value: _value, ...shown } = ecu!.changes[0]!;
    expect(JSON.stringify(shown)).not.toContain(secret);
    // Desired without the secret: the ECU's value is not drift, so nothing is sent.
    expect(plan(siteWith({}), { 'HTTP Basic Authentication password': 'reported-in-clear' })).toEqual([]);
    // Not reported (write-only): unverifiable, never sent on its own.
    expect(plan(withSecret, {}).flatMap((p) => p.changes)).toEqual([]);
  });

  it('plans only the ECUs asked for', () => {
    const desired = aSite({
      stations: [
        anAmtron({ id: 'a', config: { currentImbalanceLimit: 20 } }),
        anAmtron({ id: 'b', config: { currentImbalanceLimit: 20 } }),
      ],
    });
    const drift = siteDrift(desired, { 'a-cp1': { config: {} }, 'b-cp1': { config: {} } });
    expect(planDriftApply(desired, drift).map((p) => p.chargePointId)).toEqual(['a-cp1', 'b-cp1']);
    expect(planDriftApply(desired, drift, { chargePointIds: ['b-cp1'] }).map((p) => p.chargePointId)).toEqual(
      ['b-cp1'],
    );
  });
});

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
        : fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9.:/-]{0,30}$/).filter((s) => s.length <= spec.maxLength);
  }
}
const configArb: fc.Arbitrary<EcuConfig> = fc.record(
  Object.fromEntries(ECU_PARAM_KEYS.map((key) => [key, valueArb(paramSpec(key))])),
  { requiredKeys: [] },
);

describe('planDriftApply properties', () => {
  test.prop([configArb, configArb, fc.constantFrom(...FIRMWARE_VERSIONS)])(
    'an ECU that takes every planned change reports no drift but what cannot be sent over OCPP',
    (desiredConfig, reportedConfig, version) => {
      const desired = siteWith(desiredConfig, version);
      const ecuConfig = desired.stations[0]!.ecus[0]!.config;
      // What the ECU serves in GetConfiguration (values as its firmware shows them, secrets absent).
      const served = new Map(
        renderOcppConfiguration(reportedConfig, version).flatMap((kv) =>
          kv.value === undefined ? [] : [[kv.key, kv.value] as const],
        ),
      );
      // The agent's reported snapshot: catalog parameters, the values as served.
      const reported = () =>
        Object.fromEntries([...served].map(([key, v]) => [paramOfOcppKey(key, version) ?? key, v]));
      const [ecu] = planExact(desired, reported());
      for (const change of ecu?.changes ?? []) {
        const answer = planConfigurationChange(change.key, change.value, version);
        // Every command is one the firmware takes: its key, a valid value, never a read-only key.
        expect(answer.status === 'Accepted' || answer.status === 'RebootRequired').toBe(true);
        expect(answer.status === 'RebootRequired').toBe(change.apply === 'saveAndRestart');
        if ('rendered' in answer && answer.rendered !== undefined) served.set(change.key, answer.rendered);
        expect(change.secret ? change.display : change.value).toBe(change.secret ? '••••••' : change.display);
      }
      const after = planExact(desired, reported());
      const left = after.flatMap((p) => p.changes);
      expect(left).toEqual([]);
      // Nothing planned for what desired does not set.
      for (const change of ecu?.changes ?? []) expect(ecuConfig[change.param]).toBeDefined();
    },
  );

  test.prop([fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean()])(
    'a Reset only when confirmed, never during a transaction unless forced; runtime changes always go',
    (confirmRestart, force, transactionRunning, withRuntime) => {
      const desired = siteWith({
        currentImbalanceLimit: 20,
        ...(withRuntime && { operatorEvseSubDistributionLimit: { l1: 10, l2: 10, l3: 10 } }),
      });
      const [ecu] = plan(desired, {
        'Current Imbalance Limit': '16',
        'Operator EVSE Sub-Distribution Limit (L1/L2/L3) [A]': '(99/99/99)',
      });
      const decision = decideEcuApply(ecu!, { confirmRestart, force, transactionRunning });
      expect(decision.reset).toBe(confirmRestart && (!transactionRunning || force));
      expect(decision.send.some((c) => c.apply === 'saveAndRestart')).toBe(decision.reset);
      expect(decision.send.filter((c) => c.apply === 'runtime')).toHaveLength(withRuntime ? 1 : 0);
      expect(decision.send.length + decision.held.length).toBe(ecu!.changes.length);
    },
  );
});
