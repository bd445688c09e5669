import { describe, expect, it } from 'vitest';
import { useCase4 } from '../../planning/templates';
import { Site } from '../../config/site';
import { aSite, anAmedio, phases } from '../../config/builders';
import { dlmOcppKey } from '../../dlm/ocpp-keys';
import { desiredSiteConfig } from '../desired-config';
import { siteDlmNetworks } from '../dlm-networks';
import { dlmNetworkSpecsOf } from './dlm-specs';
import { edgeConfigOf, MissingPasswordHashError } from './edge-config';
import { simulatorsOf } from './simulators';

const withMeter = () =>
  useCase4({
    option: 2,
    stations: ['AMEDIO Professional+'],
    mainA: 100,
    firmware: '4.61-6000-a1b2c3d4e',
    backend: 'localInternet',
  });

describe('site projections', () => {
  it('DLM specs: master, members, the master’s sample rate, the meter endpoint and model (§7.1, §7.4)', () => {
    const site = withMeter();
    const [spec] = dlmNetworkSpecsOf(site, { meterEndpoint: () => ({ host: '127.0.0.1', port: 1502 }) });
    const net = siteDlmNetworks(site)[0];
    expect(spec).toMatchObject({
      id: 'dlm-0',
      masterChargePointId: net?.master?.chargePointId,
      chargePointIds: net?.members.map((m) => m.chargePointId),
      sampleRateS: net?.masterConfig.dlmSampleRate ?? 30,
      meter: { host: '127.0.0.1', port: 1502, model: 'PAC2200' },
    });
  });

  it('simulators: master first, serving its DLM parameters under its firmware’s OCPP keys', () => {
    const site = withMeter();
    const sims = simulatorsOf(site);
    const master = siteDlmNetworks(site)[0]?.master;
    expect(sims.ecus[0]?.id).toBe(master?.chargePointId);
    const key = dlmOcppKey('evseSubDistributionLimit', '4.61');
    expect(key && sims.ecus[0]?.configuration?.[key]).toBeTruthy();
    expect(sims.ecus.slice(1).every((e) => e.configuration === undefined)).toBe(true);
    expect(sims.meter).toEqual({ networkId: 'dlm-0', model: 'PAC2200' });
    const ecus = site.stations.flatMap((s) => s.ecus);
    const inOrder = [...ecus.filter((e) => e === master), ...ecus.filter((e) => e !== master)];
    expect(sims.ecus.map((e) => [e.id, e.phaseRotation])).toEqual(
      inOrder.map((e) => [e.chargePointId, e.wiring.rotation]),
    );
  });

  it('edge config: every charge point with its password hash; a missing hash names the charge point', () => {
    const site = withMeter();
    const ids = site.stations.flatMap((s) => s.ecus.map((e) => e.chargePointId));
    const hashes = Object.fromEntries(ids.map((id) => [id, 'scrypt$c2FsdA==$aGFzaA==']));
    const config = edgeConfigOf(site, {
      orgId: 'o',
      ocpp: { host: '127.0.0.1', port: 9000 },
      passwordHashes: hashes,
      mqtt: { url: 'mqtt://127.0.0.1:1883' },
    });
    expect(config.ocpp.chargePoints.map((c) => c.id)).toEqual(ids);
    expect(config.dlm.networks).toHaveLength(1);
    expect(() =>
      edgeConfigOf(site, {
        orgId: 'o',
        ocpp: { host: '127.0.0.1', port: 9000 },
        passwordHashes: {},
        mqtt: { url: 'mqtt://x' },
      }),
    ).toThrow(MissingPasswordHashError);
  });

  it('the desired configuration carries no ECU credentials', () => {
    const station = anAmedio({ id: 'a1' });
    const ecus = station.ecus.map((e) => ({
      ...e,
      credentials: { user: 'operator', password: 'secret-pw' },
    }));
    const site = aSite({ stations: [{ ...station, ecus }] });
    expect(JSON.stringify(desiredSiteConfig(site))).not.toContain('secret-pw');
    expect(JSON.stringify(site)).toContain('secret-pw');
  });
});

describe('Site schema additions', () => {
  const minimal = {
    id: 's1',
    name: 'S',
    mainConnection: { ratingA: phases(63) },
    supplyLines: [{ id: 'l', ratingA: phases(63) }],
    lans: [{ id: 'lan' }],
    stations: [],
  };

  it('keeps existing site JSON valid and defaults tags and the time zone', () => {
    expect(Site.parse(minimal)).toMatchObject({ tags: [], timeZone: 'Europe/Berlin' });
  });

  it('accepts address and tags, and rejects an unknown time zone naming the field', () => {
    expect(
      Site.parse({ ...minimal, address: 'Lindenweg 12', tags: ['x'], timeZone: 'Europe/Vienna' }).timeZone,
    ).toBe('Europe/Vienna');
    const bad = Site.safeParse({ ...minimal, timeZone: 'Mars/Olympus' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['timeZone']);
  });
});
