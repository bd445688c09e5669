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
