import { describe, expect, it } from 'vitest';
import { dlmNetworkSpecsOf, useCase4 } from '@ampfleet/domain';
import { EdgeConfigError, parseEdgeConfig } from '../config';

const hash = 'scrypt$c2FsdA==$aGFzaA==';
const base = {
  orgId: 'org-a',
  siteId: 'site-1',
  ocpp: { port: 9000, chargePoints: ['M', 'S1', 'S2'].map((id) => ({ id, passwordHash: hash })) },
  mqtt: { url: 'mqtt://127.0.0.1:1883' },
};
const withNetworks = (networks: unknown[]) => ({ ...base, dlm: { networks } });
const net = { id: 'net-1', masterChargePointId: 'M', chargePointIds: ['M', 'S1'] };

describe('edge config: DLM networks', () => {
  it('fills the meter and timing defaults', () => {
    const config = parseEdgeConfig(withNetworks([{ ...net, meter: { host: '10.0.0.9', model: 'PAC2200' } }]));
    expect(config.dlm?.networks[0]).toMatchObject({
      sampleRateS: 30,
      configReadIntervalS: 900,
      meter: { host: '10.0.0.9', port: 502, unitId: 1, model: 'PAC2200', pollMs: 5000, timeoutMs: 2000 },
    });
  });

  it.each([
    [
      [{ ...net, chargePointIds: ['M', 'X9'] }],
      'dlm.networks.0.chargePointIds.1',
      'X9 is not in ocpp.chargePoints',
    ],
    [[{ ...net, masterChargePointId: 'S2' }], 'dlm.networks.0.masterChargePointId', 'S2 must be one of'],
    [
      [net, { ...net, id: 'net-2', masterChargePointId: 'S2', chargePointIds: ['S2', 'S1'] }],
      'dlm.networks.1.chargePointIds.1',
      'S1 is already in DLM network net-1',
    ],
    [[net, { ...net, chargePointIds: ['M'] }], 'dlm.networks.1.id', 'duplicate network id'],
    [[{ ...net, meter: { host: 'm', model: 'ABB' } }], 'dlm.networks.0.meter.model', ''],
    [[{ ...net, meter: { host: 'm', model: 'PAC2200', pollMs: 10 } }], 'dlm.networks.0.meter.pollMs', ''],
    [[{ ...net, masterChargePointId: undefined }], 'dlm.networks.0.masterChargePointId', ''],
  ])('names the bad field (%#)', (networks, path, message) => {
    expect(() => parseEdgeConfig(withNetworks(networks), 'site.json')).toThrow(EdgeConfigError);
    expect(() => parseEdgeConfig(withNetworks(networks), 'site.json')).toThrow(`${path}: ${message}`);
  });
});

describe('edge config: DLM networks projected from a configured site', () => {
  it('accepts what dlmNetworkSpecsOf derives from a use case 4 site (master, members, sample rate, meter)', () => {
    const site = useCase4({
      option: 1,
      stations: ['AMEDIO Professional+'],
      mainA: 100,
      backend: 'localInternet',
    });
    const ids = site.stations.flatMap((s) => s.ecus.map((e) => e.chargePointId));
    const networks = dlmNetworkSpecsOf(site, { meterEndpoint: () => ({ host: '10.0.0.9', port: 502 }) });
    const config = parseEdgeConfig({
      ...base,
      ocpp: { port: 9000, chargePoints: ids.map((id) => ({ id, passwordHash: hash })) },
      dlm: { networks },
    });
    expect(config.dlm?.networks).toEqual(networks);
    expect(config.dlm?.networks[0]?.meter?.model).toBe('PAC2200');
  });
});
