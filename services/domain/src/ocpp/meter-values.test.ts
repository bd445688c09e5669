import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { plausibleTimestamp, readMeterValues } from './meter-values';

const received = new Date('2026-11-24T10:00:05Z');

describe('readMeterValues', () => {
  it('takes the newest sample set and maps per-phase currents, kW and kWh', () => {
    const result = readMeterValues(
      [
        {
          timestamp: '2026-11-24T09:59:00Z',
          sampledValue: [{ value: '99', measurand: 'Current.Import', phase: 'L1' }],
        },
        {
          timestamp: '2026-11-24T10:00:00Z',
          sampledValue: [
            { value: '7.5', measurand: 'Current.Import', phase: 'L3', unit: 'A' },
            { value: '16', measurand: 'Current.Offered', phase: 'L3' },
            { value: '1.7', measurand: 'Power.Active.Import', unit: 'kW' },
            { value: '12.345', unit: 'kWh' },
          ],
        },
      ],
      received,
    );
    expect(result).toEqual({
      reading: {
        timestamp: '2026-11-24T10:00:00.000Z',
        currentImport: { l1: 0, l2: 0, l3: 7.5 },
        currentOffered: { l1: 0, l2: 0, l3: 16 },
        activePowerW: 1700,
        energyImportWh: 12345,
      },
    });
  });

  it('names every unreadable field', () => {
    const result = readMeterValues(
      [
        {
          timestamp: '2026-11-24T10:00:00Z',
          sampledValue: [
            { value: 'x', measurand: 'Current.Import', phase: 'L1' },
            { value: '1', unit: 'Furlong' },
          ],
        },
      ],
      received,
    );
    expect(result).toEqual({
      issues: [
        { path: 'meterValue.0.sampledValue.0.value', message: 'not a non-negative number: "x"' },
        { path: 'meterValue.0.sampledValue.1.unit', message: 'unsupported unit Furlong' },
      ],
    });
    expect(readMeterValues([], received)).toEqual({
      issues: [{ path: 'meterValue', message: 'no meter value' }],
    });
  });

  it('replaces timestamps from an unset ECU clock with the receive time', () => {
    expect(plausibleTimestamp('1970-01-01T00:00:00Z', received)).toBe(received.toISOString());
    expect(plausibleTimestamp('garbage', received)).toBe(received.toISOString());
    expect(plausibleTimestamp('2026-11-24T09:00:00+01:00', received)).toBe('2026-11-24T08:00:00.000Z');
  });
});

// Every value the OCPP 1.6 MeterValues/StopTransaction schemas allow (errata applied: Celsius and Celcius).
const MEASURANDS = [
  'Energy.Active.Export.Register',
  'Energy.Active.Import.Register',
  'Energy.Reactive.Export.Register',
  'Energy.Reactive.Import.Register',
  'Energy.Active.Export.Interval',
  'Energy.Active.Import.Interval',
  'Energy.Reactive.Export.Interval',
  'Energy.Reactive.Import.Interval',
  'Power.Active.Export',
  'Power.Active.Import',
  'Power.Offered',
  'Power.Reactive.Export',
  'Power.Reactive.Import',
  'Power.Factor',
  'Current.Import',
  'Current.Export',
  'Current.Offered',
  'Voltage',
  'Frequency',
  'Temperature',
  'SoC',
  'RPM',
];
const PHASES = ['L1', 'L2', 'L3', 'N', 'L1-N', 'L2-N', 'L3-N', 'L1-L2', 'L2-L3', 'L3-L1'];
const UNITS = 'Wh kWh varh kvarh W kW VA kVA var kvar A V K Celcius Celsius Fahrenheit Percent'.split(' ');
const LOCATIONS = ['Cable', 'EV', 'Inlet', 'Outlet', 'Body'];
const CONTEXTS = [
  'Interruption.Begin',
  'Interruption.End',
  'Sample.Clock',
  'Sample.Periodic',
  'Transaction.Begin',
  'Transaction.End',
  'Trigger',
  'Other',
];
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const aSampledValue = (value: fc.Arbitrary<string>) =>
  fc.record(
    {
      value,
      measurand: optional(fc.constantFrom(...MEASURANDS)),
      phase: optional(fc.constantFrom(...PHASES)),
      unit: optional(fc.constantFrom(...UNITS)),
      location: optional(fc.constantFrom(...LOCATIONS)),
      context: optional(fc.constantFrom(...CONTEXTS)),
      format: optional(fc.constantFrom('Raw', 'SignedData')),
    },
    { requiredKeys: ['value'] },
  );
const aDecimal = fc.double({ min: 0, max: 1e6, noNaN: true }).map(String);
const READ_HERE = new Set([
  'Current.Import',
  'Current.Offered',
  'Power.Active.Import',
  'Energy.Active.Import.Register',
]);

describe('readMeterValues over every schema-valid sampled value', () => {
  test.prop([fc.array(aSampledValue(aDecimal), { minLength: 1, maxLength: 12 })])(
    'accepts any measurand, phase, unit, location, context and format with a decimal value',
    (sampledValue) => {
      const result = readMeterValues([{ timestamp: '2026-11-24T10:00:00Z', sampledValue }], received);
      expect(result).toHaveProperty('reading');
    },
  );

  test.prop([fc.array(aSampledValue(fc.string()), { minLength: 1, maxLength: 12 })])(
    'never refuses a sample it does not read, whatever its value',
    (sampledValue) => {
      const unread = sampledValue.map((sv) => ({
        ...sv,
        measurand: (sv.measurand && READ_HERE.has(sv.measurand) ? 'Voltage' : sv.measurand) ?? 'SoC',
      }));
      const result = readMeterValues([{ timestamp: '2026-11-24T10:00:00Z', sampledValue: unread }], received);
      expect(result).toMatchObject({
        reading: { currentImport: { l1: 0, l2: 0, l3: 0 }, currentOffered: { l1: 0, l2: 0, l3: 0 } },
      });
    },
  );

  it('reads L1-N as L1, ignores an inlet reading and a unit that does not fit, and takes Celsius and Celcius', () => {
    const result = readMeterValues(
      [
        {
          timestamp: '2026-11-24T10:00:00Z',
          sampledValue: [
            { value: '9.5', measurand: 'Current.Import', phase: 'L1-N', location: 'Outlet' },
            { value: '31', measurand: 'Current.Import', phase: 'L1', location: 'Inlet' },
            { value: '230.1', measurand: 'Voltage', phase: 'L1-N', unit: 'V' },
            { value: '-5', measurand: 'Temperature', unit: 'Celcius', location: 'Body' },
            { value: '21', measurand: 'Temperature', unit: 'Celsius' },
            { value: '2', measurand: 'Current.Import', phase: 'L2', unit: 'kWh' },
            { value: '-0.98', measurand: 'Power.Factor' },
            { value: '4200', measurand: 'Energy.Active.Import.Register', context: 'Transaction.Begin' },
          ],
        },
      ],
      received,
    );
    expect(result).toEqual({
      reading: {
        timestamp: '2026-11-24T10:00:00.000Z',
        currentImport: { l1: 9.5, l2: 0, l3: 0 },
        currentOffered: { l1: 0, l2: 0, l3: 0 },
        energyImportWh: 4200,
      },
    });
  });

  it('refuses a read sample whose value is not a decimal number', () => {
    for (const value of ['', ' ', '0x10', 'Infinity', '1,5'])
      expect(
        readMeterValues(
          [{ timestamp: '2026-11-24T10:00:00Z', sampledValue: [{ value, measurand: 'Current.Offered' }] }],
          received,
        ),
      ).toEqual({
        issues: [
          {
            path: 'meterValue.0.sampledValue.0.value',
            message: `not a non-negative number: ${JSON.stringify(value)}`,
          },
        ],
      });
  });
});
