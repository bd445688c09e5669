import { describe, expect, it } from 'vitest';
import { checkLimits, checkPeakCap, checkSchedule, type HardwareLimits } from './load-editor-checks';

const hw: HardwareLimits = { mainConnectionA: { l1: 100, l2: 100, l3: 80 }, networkMaxA: { 'net-1': 63 } };

describe('load editors: checks against the hardware limits', () => {
  it('names the field above the main connection or the EVSE Sub-Distribution Limit', () => {
    expect(
      checkLimits(
        { siteLimitA: { l1: 100, l2: 90, l3: 81 }, networks: [{ networkId: 'net-1', maxA: 64 }] },
        hw,
      ),
    ).toEqual([
      { path: 'limits.siteLimitA.l3', key: 'aboveHardware', max: 80 },
      { path: 'limits.networks.0.maxA', key: 'aboveHardware', max: 63 },
    ]);
    expect(checkLimits({ networks: [{ networkId: 'net-1', maxA: 2.5 }] }, hw)).toEqual([
      { path: 'limits.networks.0.maxA', key: 'wholeAmps' },
    ]);
    expect(
      checkLimits(
        { siteLimitA: { l1: 100, l2: 100, l3: 80 }, networks: [{ networkId: 'net-1', maxA: 63 }] },
        hw,
      ),
    ).toEqual([]);
  });

  it('schedule entries: weekdays, end after start, limits within the connection', () => {
    expect(
      checkSchedule(
        { entries: [{ days: [], from: '18:00', to: '08:00', siteLimitA: { l1: 50, l2: 50, l3: 90 } }] },
        hw,
      ),
    ).toEqual([
      { path: 'schedule.entries.0.days', key: 'noDays' },
      { path: 'schedule.entries.0.to', key: 'timeOrder' },
      { path: 'schedule.entries.0.siteLimitA.l3', key: 'aboveHardware', max: 80 },
    ]);
    expect(
      checkSchedule(
        { entries: [{ days: ['mon'], from: '00:00', to: '24:00', siteLimitA: { l1: 1, l2: 1, l3: 1 } }] },
        hw,
      ),
    ).toEqual([]);
  });

  it('peak cap: 1–5,000 kW in tenths, not above what the connection carries', () => {
    expect(checkPeakCap(null, hw)).toEqual([]);
    expect(checkPeakCap(0.5, hw)).toEqual([{ path: 'peakCapKw', key: 'peakCap' }]);
    expect(checkPeakCap(10.25, hw)).toEqual([{ path: 'peakCapKw', key: 'peakCap' }]);
    expect(checkPeakCap(64.4, hw)).toEqual([]); // 280 A × 230 V = 64.4 kW
    expect(checkPeakCap(64.5, hw)).toEqual([{ path: 'peakCapKw', key: 'aboveConnection', max: 64.4 }]);
  });
});
