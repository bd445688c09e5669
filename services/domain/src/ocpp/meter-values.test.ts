import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { plausibleTimestamp, readMeterValues } from './meter-values';
import {
  OCPP16_CONTEXTS,
  OCPP16_FORMATS,
  OCPP16_LOCATIONS,
  OCPP16_MEASURANDS,
  OCPP16_PHASES,
  OCPP16_UNITS,
} from './ocpp16-sampled-value';

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

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const aSampledValue = (value: fc.Arbitrary<string>) =>
  fc.record(
    {
      value,
      measurand: optional(fc.constantFrom(...OCPP16_MEASURANDS)),
      phase: optional(fc.constantFrom(...OCPP16_PHASES)),
      unit: optional(fc.constantFrom(...OCPP16_UNITS)),
      location: optional(fc.constantFrom(...OCPP16_LOCATIONS)),
      context: optional(fc.constantFrom(...OCPP16_CONTEXTS)),
      format: optional(fc.constantFrom(...OCPP16_FORMATS)),
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
