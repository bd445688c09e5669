import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LoadControlSettings, type LoadControlSettings as Settings } from '../../contracts/load-control';
import { controlSiteOf } from './control-site';
import { controlSite, type ControlInput } from './controller';
import { guaranteedMinimumKw, simultaneityFactor } from './dimming';
import { localTimeAt, scheduledSiteLimit } from './schedule';
import { aSharedSite } from './testing';
import { validateLimits, validatePeakCap } from './validate';

const settings = (s: Partial<Settings> = {}): Settings => LoadControlSettings.parse(s);
const NOW = new Date('2026-03-02T10:00:00Z'); // a Monday, 11:00 in Berlin

function input(overrides: Partial<ControlInput> = {}): ControlInput {
  const site = controlSiteOf(aSharedSite());
  return {
    site,
    settings: settings(),
    now: NOW,
    networks: {
      'dlm-1': { at: NOW.toISOString(), drawnA: [20, 20, 20], activeChargePoints: 1 },
      'dlm-2': { at: NOW.toISOString(), drawnA: [20, 20, 20], activeChargePoints: 1 },
    },
    chargePoints: {},
    commanded: { networks: {}, chargePoints: {} },
    ...overrides,
  };
}

describe('controlSite: a main connection shared by two DLM networks (§7.3, §7.4)', () => {
  it('splits the main connection across both networks and never above a sub-distribution limit', () => {
    const d = controlSite(input());
    expect(d.networks.map((n) => [n.networkId, n.limitA, n.send])).toEqual([
      ['dlm-1', 50, true],
      ['dlm-2', 50, true],
    ]);
  });

  it('gives an idle network only the floor and the busy one the rest, up to its sub-distribution limit', () => {
    const d = controlSite(
      input({
        networks: {
          'dlm-1': { at: NOW.toISOString(), drawnA: [0, 0, 0], activeChargePoints: 0 },
          'dlm-2': { at: NOW.toISOString(), drawnA: [40, 40, 40], activeChargePoints: 2 },
        },
      }),
    );
    expect(d.networks.map((n) => n.limitA)).toEqual([6, 63]);
  });

  it('lowers at once, raises only past the hysteresis and the hold time, and not while the meter is stale', () => {
    const base = input();
    const at = (s: number): string => new Date(NOW.getTime() - s * 1000).toISOString();
    const lowered = controlSite({
      ...base,
      commanded: { networks: { 'dlm-1': { amps: 60, at: at(1) } }, chargePoints: {} },
    });
    expect(lowered.networks[0]).toMatchObject({ limitA: 50, send: true, reason: 'lower' });
    const small = controlSite({
      ...base,
      commanded: { networks: { 'dlm-1': { amps: 49, at: at(200) } }, chargePoints: {} },
    });
    expect(small.networks[0]).toMatchObject({ limitA: 49, send: false, reason: 'withinHysteresis' });
    const soon = controlSite({
      ...base,
      commanded: { networks: { 'dlm-1': { amps: 40, at: at(10) } }, chargePoints: {} },
    });
    expect(soon.networks[0]).toMatchObject({ limitA: 40, send: false, reason: 'holding' });
    const stale = controlSite({
      ...base,
      commanded: { networks: { 'dlm-1': { amps: 49, at: at(300) } }, chargePoints: {} },
    });
    expect(stale.networks[0]).toMatchObject({ limitA: 49, send: true, reason: 'refresh' });
    const later = controlSite({
      ...base,
      commanded: { networks: { 'dlm-1': { amps: 40, at: at(600) } }, chargePoints: {} },
    });
    expect(later.networks[0]).toMatchObject({ limitA: 50, send: true, reason: 'raise' });
  });

  it('never raises while a fresh meter reading says the meter point is full, nor while it is stale', () => {
    const site = controlSiteOf(aSharedSite({ networks: [{ subDistributionA: 63, chargePoints: 2 }] }));
    const withMeter = {
      ...site,
      networks: site.networks.map((n) => ({
        ...n,
        meter: {
          location: 'excludingEvseSubDistribution' as const,
          mainDistributionLimitA: [100, 100, 100] as [number, number, number],
          headroomA: [5, 5, 5] as [number, number, number],
        },
      })),
    };
    const commanded = { networks: { 'dlm-1': { amps: 10, at: '2026-03-02T09:58:00Z' } }, chargePoints: {} };
    const run = (meter: { at: string; connected: boolean; currentsA?: [number, number, number] }) =>
      controlSite({
        ...input(),
        site: withMeter,
        commanded,
        networks: { 'dlm-1': { at: NOW.toISOString(), drawnA: [10, 10, 10], activeChargePoints: 1, meter } },
      }).networks[0];
    expect(run({ at: NOW.toISOString(), connected: true, currentsA: [30, 30, 30] })).toMatchObject({
      limitA: 63,
      reason: 'raise',
    });
    expect(run({ at: NOW.toISOString(), connected: true, currentsA: [95, 30, 30] })).toMatchObject({
      limitA: 5,
      reason: 'lower',
    });
    expect(run({ at: NOW.toISOString(), connected: true, currentsA: [86, 30, 30] })).toMatchObject({
      limitA: 10,
      targetA: 14,
      reason: 'meterFull',
    });
    expect(run({ at: '2026-03-02T09:50:00Z', connected: true, currentsA: [30, 30, 30] })).toMatchObject({
      limitA: 10,
      reason: 'meterStale',
    });
    expect(run({ at: NOW.toISOString(), connected: false })).toMatchObject({
      limitA: 10,
      reason: 'meterStale',
    });
  });

  it('controls charge points without a DLM master with ChargePointMaxProfile limits', () => {
    const site = controlSiteOf(aSharedSite({ networks: [], withoutDlm: 3, mainA: 40 }));
    const d = controlSite({ ...input(), site, networks: {} });
    expect(d.networks).toEqual([]);
    expect(d.chargePoints.map((c) => [c.profile, c.limitA])).toEqual([
      ['ChargePointMaxProfile', 6],
      ['ChargePointMaxProfile', 6],
      ['ChargePointMaxProfile', 6],
    ]);
  });

  it('takes the lowest of site limit, schedule and peak cap', () => {
    const limited = controlSite(
      input({ settings: settings({ limits: { siteLimitA: { l1: 80, l2: 90, l3: 90 }, networks: [] } }) }),
    );
    expect(limited.budget.binding).toBe('siteLimit');
    expect(limited.networks.map((n) => n.limitA)).toEqual([40, 40]);
    const capped = controlSite(input({ settings: settings({ peakCapKw: 27.6 }) })); // 40 A per phase
    expect(capped.budget).toMatchObject({ binding: 'peakCap', evBudgetA: [40, 40, 40] });
  });
});

describe('§14a EnWG dimming (BK6-22-300)', () => {
  it('guarantees 4.2 kW for one device and 4.2 + (n−1)·GZF·4.2 kW for n under an EMS', () => {
    expect(guaranteedMinimumKw(1)).toBe(4.2);
    expect(simultaneityFactor(9)).toBe(0.45);
    expect(simultaneityFactor(40)).toBe(0.45);
    expect(guaranteedMinimumKw(9)).toBeCloseTo(4.2 + 8 * 0.45 * 4.2, 6);
  });

  it('reduces the EV budget of a 4-charge-point site to its guaranteed minimum and no lower', () => {
    const d = controlSite(input({ settings: settings({ dimming: { active: true } }) }));
    const kw = guaranteedMinimumKw(4); // 4.2 + 3 × 0.7 × 4.2 = 13.02 kW
    expect(d.budget).toMatchObject({ binding: 'dimming', dimmedToKw: kw });
    const perPhase = Math.ceil((kw * 1000) / 690);
    expect(d.budget.evBudgetA).toEqual([perPhase, perPhase, perPhase]);
    expect(d.networks.reduce((s, n) => s + n.limitA, 0)).toBeLessThanOrEqual(perPhase);
    expect(d.networks.reduce((s, n) => s + n.limitA, 0) * 690).toBeGreaterThanOrEqual(kw * 1000 - 690);
  });
});

describe('schedules in the site time zone, across daylight-saving changes', () => {
  const schedule = {
    entries: [{ days: ['sun' as const], from: '06:00', to: '22:00', siteLimitA: { l1: 32, l2: 32, l3: 32 } }],
  };
  it('starts at 06:00 local on the spring-forward and the fall-back Sunday (Europe/Berlin)', () => {
    // 2026-03-29: CET → CEST at 02:00 local; 06:00 local = 04:00Z.
    expect(scheduledSiteLimit(schedule, new Date('2026-03-29T03:59:00Z'), 'Europe/Berlin')).toBeUndefined();
    expect(scheduledSiteLimit(schedule, new Date('2026-03-29T04:00:00Z'), 'Europe/Berlin')).toEqual([
      32, 32, 32,
    ]);
    // 2026-10-25: CEST → CET at 03:00 local; 06:00 local = 05:00Z.
    expect(scheduledSiteLimit(schedule, new Date('2026-10-25T04:59:00Z'), 'Europe/Berlin')).toBeUndefined();
    expect(scheduledSiteLimit(schedule, new Date('2026-10-25T05:00:00Z'), 'Europe/Berlin')).toEqual([
      32, 32, 32,
    ]);
    expect(scheduledSiteLimit(schedule, new Date('2026-10-25T20:59:00Z'), 'Europe/Berlin')).toEqual([
      32, 32, 32,
    ]);
    expect(scheduledSiteLimit(schedule, new Date('2026-10-25T21:00:00Z'), 'Europe/Berlin')).toBeUndefined();
  });
  it('reads the same wall clock as Intl for any instant and zone (the quarter-hour memo is exact)', () => {
    const zones = [
      'Europe/Berlin',
      'Australia/Adelaide',
      'Australia/Lord_Howe',
      'America/St_Johns',
      'Asia/Kathmandu',
      'UTC',
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2028-01-01T00:00:00Z') }),
        fc.constantFrom(...zones),
        (t, zone) => {
          const parts = new Intl.DateTimeFormat('en-US', {
            timeZone: zone,
            weekday: 'short',
            hour: '2-digit',
            minute: '2-digit',
            hourCycle: 'h23',
          }).formatToParts(new Date(t));
          const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
          expect(localTimeAt(new Date(t), zone)).toEqual({
            weekday: get('weekday').toLowerCase(),
            minutes: (Number(get('hour')) % 24) * 60 + Number(get('minute')),
          });
        },
      ),
      { numRuns: 3000 },
    );
  });
  it('holds an entry in the repeated hour of the fall-back night both times', () => {
    const night = {
      entries: [
        { days: ['sun' as const], from: '02:00', to: '03:00', siteLimitA: { l1: 10, l2: 10, l3: 10 } },
      ],
    };
    expect(scheduledSiteLimit(night, new Date('2026-10-25T00:30:00Z'), 'Europe/Berlin')).toEqual([
      10, 10, 10,
    ]);
    expect(scheduledSiteLimit(night, new Date('2026-10-25T01:30:00Z'), 'Europe/Berlin')).toEqual([
      10, 10, 10,
    ]);
    expect(localTimeAt(new Date('2026-10-25T02:00:00Z'), 'Europe/Berlin')).toEqual({
      weekday: 'sun',
      minutes: 180,
    });
  });
});

describe('settings against the hardware limits', () => {
  const site = controlSiteOf(aSharedSite());
  it('names the bad field', () => {
    const issues = validateLimits(site, {
      siteLimitA: { l1: 100, l2: 101, l3: 100 },
      networks: [
        { networkId: 'dlm-2', maxA: 64 },
        { networkId: 'dlm-9', maxA: 1 },
      ],
    });
    expect(issues.map((i) => i.path)).toEqual([
      'limits.siteLimitA.l2',
      'limits.networks.0.maxA',
      'limits.networks.1.networkId',
    ]);
    expect(issues[0]?.message).toContain('above the main connection rating 100 A');
    expect(issues[1]?.message).toContain('EVSE Sub-Distribution Limit 63 A');
    expect(issues[2]?.message).toContain("'dlm-9'");
    const peak = validatePeakCap(site, 70);
    expect(peak.map((i) => i.path)).toEqual(['peakCapKw']);
    expect(peak[0]?.message).toContain('69.0 kW');
    expect(validatePeakCap(site, 69)).toEqual([]);
  });
});
