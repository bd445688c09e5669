import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { auditSite } from '../audit/engine';
import type { StationEcu } from '../config/site';
import { Site } from '../config/site';
import { StationModel } from '../config/hardware';
import { useCase1, useCase2, useCase3, useCase4 } from './templates';

const firmware = fc.constantFrom(
  '4.50-5332-f2190336c',
  '4.52-5412-d6a2288f6',
  '4.53-1',
  '4.61-6000-a1b2c3d4e',
);
const backend = fc.constantFrom('sim' as const, 'localInternet' as const);
const plusModel = fc.constantFrom(
  'AMEDIO Professional+',
  'AMTRON Professional+',
  'AMEDIO Professional+* 22',
) as fc.Arbitrary<StationModel>;
const anyModel = fc.constantFrom(...StationModel.options);
/** A SIM network needs a '+' station (the gateway) first. */
const stationsArb = (max: number) =>
  fc.tuple(plusModel, fc.array(anyModel, { maxLength: max })).map(([first, rest]) => [first, ...rest]);
const errorsAndWarnings = (site: Site) => auditSite(Site.parse(site)).filter((f) => f.severity !== 'info');

describe('use-case templates audit clean (property)', () => {
  test.prop([firmware, backend, fc.integer({ min: 16, max: 64 })])('use case 1', (fw, be, lineA) => {
    expect(errorsAndWarnings(useCase1({ firmware: fw, backend: be, supplyLineA: lineA }))).toEqual([]);
  });
  test.prop([firmware, backend, stationsArb(8), fc.integer({ min: 32, max: 400 })])(
    'use case 2',
    (fw, be, stations, lineA) => {
      expect(
        errorsAndWarnings(useCase2({ firmware: fw, backend: be, stations, supplyLineA: lineA })),
      ).toEqual([]);
    },
  );
  test.prop([
    firmware,
    backend,
    fc.array(fc.record({ ratingA: fc.integer({ min: 32, max: 250 }), stations: stationsArb(4) }), {
      minLength: 1,
      maxLength: 4,
    }),
  ])('use case 3', (fw, be, lines) => {
    expect(errorsAndWarnings(useCase3({ firmware: fw, backend: be, lines }))).toEqual([]);
  });
  test.prop([
    firmware,
    backend,
    fc.constantFrom(1 as const, 2 as const),
    stationsArb(3),
    fc.integer({ min: 63, max: 400 }),
    fc.constantFrom('Siemens PAC2200' as const, 'Phoenix EEM-MB371' as const),
  ])('use case 4', (fw, be, option, stations, mainA, meterModel) => {
    expect(
      errorsAndWarnings(useCase4({ firmware: fw, backend: be, option, stations, mainA, meterModel })),
    ).toEqual([]);
  });
});

const master = (site: Site, stationId = 'amedio-1'): StationEcu =>
  site.stations.find((s) => s.id === stationId)?.ecus[0] as StationEcu;
const l = (a: number) => ({ l1: a, l2: a, l3: a });

describe('manual example tables (§7.1–§7.4, §8, §9)', () => {
  it('§7.1: CP 1 DLM master 32/32/32, CP 2 slave, network 0', () => {
    const site = useCase1();
    const [cp1, cp2] = site.stations[0]?.ecus ?? [];
    expect(cp1?.config).toMatchObject({
      dlmMode: 'masterWithInternalSlave',
      dlmNetworkId: 0,
      evseSubDistributionLimit: l(32),
      operatorEvseSubDistributionLimit: l(32),
    });
    expect(cp2?.config).toMatchObject({ dlmMode: 'slaveAutoDiscovery', dlmNetworkId: 0 });
    expect(cp2?.config.evseSubDistributionLimit).toBeUndefined();
  });

  it('§7.2: CP 1 master 100/100/100, CP 2–4 slaves', () => {
    const site = useCase2();
    const ecus = site.stations.flatMap((s) => s.ecus);
    expect(ecus.map((e) => e.config.dlmMode)).toEqual([
      'masterWithInternalSlave',
      'slaveAutoDiscovery',
      'slaveAutoDiscovery',
      'slaveAutoDiscovery',
    ]);
    expect(master(site).config.evseSubDistributionLimit).toEqual(l(100));
  });

  it('§7.3: one DLM Network Id per supply line, each with its own master', () => {
    const site = useCase3();
    const ecus = site.stations.flatMap((s) =>
      s.ecus.map((e) => [s.supplyLineId, e.config.dlmNetworkId, e.config.dlmMode]),
    );
    expect(
      ecus.filter(([, , mode]) => mode === 'masterWithInternalSlave').map(([line, id]) => [line, id]),
    ).toEqual([
      ['line-1', 0],
      ['line-2', 1],
    ]);
    expect(new Set(ecus.map(([line, id]) => `${String(line)}:${String(id)}`)).size).toBe(2);
  });

  it('§7.4.1 / §7.4.2: external meter settings on the DLM master', () => {
    const option1 = master(useCase4({ option: 1, mainA: 100, fallbackA: 50 }), 'amtron-1').config;
    expect(option1).toMatchObject({
      externalMeterSupport: true,
      mainDistributionLimit: l(100),
      externalLoadHeadroom: l(0),
      externalLoadFallback: l(50),
      externalMeterLocation: 'excludingEvse',
      secondMeterConfig: 'siemens7KM2200Tcp',
    });
    const option2 = master(useCase4({ option: 2, mainA: 100 }), 'amtron-1').config;
    expect(option2).toMatchObject({ externalLoadFallback: l(9999), externalMeterLocation: 'includingEvse' });
    expect(
      master(useCase4({ option: 1, firmware: '4.53-1' }), 'amtron-1').config.externalLoadHeadroom,
    ).toBeUndefined();
  });

  it('§8: imbalance prevention On with 20 A on the master only', () => {
    const [cp1, cp2] = useCase1().stations[0]?.ecus ?? [];
    expect(cp1?.config).toMatchObject({ currentImbalancePrevention: true, currentImbalanceLimit: 20 });
    expect(cp2?.config.currentImbalancePrevention).toBeUndefined();
  });

  it('§9: downgrade ENABLE OPTO 2 with 16 A on an AMEDIO Professional+* 22 (offset entered as -16)', () => {
    const site = useCase1({ model: 'AMEDIO Professional+* 22' });
    const ecu = master(site);
    const configured = {
      ...site,
      stations: [
        {
          ...site.stations[0]!,
          ecus: [
            {
              ...ecu,
              config: {
                ...ecu.config,
                externalInput1Config: 'enableOpto2' as const,
                externalInput1CurrentOffset: l(-16),
              },
            },
            site.stations[0]!.ecus[1]!,
          ],
        },
      ],
    };
    expect(errorsAndWarnings(configured)).toEqual([]);
    const asTable = {
      ...configured,
      stations: [
        {
          ...configured.stations[0]!,
          ecus: [
            {
              ...configured.stations[0]!.ecus[0]!,
              config: { ...configured.stations[0]!.ecus[0]!.config, externalInput1CurrentOffset: l(16) },
            },
            configured.stations[0]!.ecus[1]!,
          ],
        },
      ],
    };
    expect(errorsAndWarnings(asTable).map((f) => f.ruleId)).toEqual(['downgrade.offset-sign']);
  });
});
