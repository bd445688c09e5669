import { describe, expect, it } from 'vitest';
import { jsonSchemaOf, schemas } from '../audit/schemas';
import { aSite, anAmedio, anAmtron } from './builders';
import { commissioningFields } from './commissioning';
import { stationHardware } from './hardware';
import { Site, Station } from './site';

describe('site model', () => {
  it('reads the AMEDIO commissioning data sheet (§2.1 Fig. 3) into a station', () => {
    const amedio = anAmedio({ firmware: '4.52-5412-d6a2288f6' });
    const station = Station.parse({
      ...amedio,
      serialNumber: '140802412.00015',
      ecus: [
        {
          ...amedio.ecus[0],
          controllerSerial: '1903523062/B94060045',
          meterSerial: '093609',
          port: 81,
          credentials: { user: 'operator', password: '6eBb1vDc' },
        },
        {
          ...amedio.ecus[1],
          controllerSerial: '1903527652/B94060046',
          meterSerial: '093633',
          port: 82,
          credentials: { user: 'operator', password: 'TqJkkLZe' },
        },
      ],
    });
    expect(station.ecus.map((e) => e.firmware)).toEqual(['4.52-5412-d6a2288f6', '4.52-5412-d6a2288f6']);
  });

  it('reads the AMTRON commissioning data sheet (§2.2 Fig. 5)', () => {
    const amtron = anAmtron({ firmware: '4.50-5332-f2190336c' });
    const station = Station.parse({
      ...amtron,
      serialNumber: '1376204.00010',
      ecus: [
        {
          ...amtron.ecus[0],
          controllerSerial: '1812519916/B94060015',
          meterSerial: '094984',
          credentials: { user: 'operator', password: 'LmaIWux1' },
        },
      ],
    });
    expect(station.serialNumber).toBe('1376204.00010');
    expect(commissioningFields.filter((f) => f.secret).map((f) => f.key)).toEqual(['operatorPassword']);
  });

  it('knows the hardware of each model (modem, relay, ECUs)', () => {
    expect(stationHardware('AMEDIO Professional+* 22')).toEqual({
      family: 'AMEDIO',
      ecuCount: 2,
      hasModem: true,
      hasDowngradeRelay: true,
    });
    expect(stationHardware('AMEDIO Professional')).toMatchObject({
      hasModem: false,
      hasDowngradeRelay: false,
    });
    expect(stationHardware('AMTRON Professional+')).toEqual({
      family: 'AMTRON',
      ecuCount: 1,
      hasModem: true,
      hasDowngradeRelay: false,
    });
  });

  it('reports bad input with the path of the bad field', () => {
    const result = Site.safeParse({
      ...aSite(),
      stations: [{ ...anAmtron(), ecus: [{ ...anAmtron().ecus[0], config: { staticIp: '300.1.1.1' } }] }],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['stations', 0, 'ecus', 0, 'config', 'staticIp']);
  });

  it('exports every schema as JSON Schema, secrets write-only', () => {
    for (const name of Object.keys(schemas) as (keyof typeof schemas)[])
      expect(jsonSchemaOf(name)).toHaveProperty('type');
    const text = JSON.stringify(jsonSchemaOf('Site'));
    expect(text).toContain('"writeOnly":true');
    expect(text).toContain('Mode for ethernet configuration');
  });
});
