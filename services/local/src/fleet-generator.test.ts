import { fc, test } from '@fast-check/vitest';
import { parseSiteTopic, SiteId, siteTopic, TelemetryMessage, TopicChannel } from '@ampfleet/domain';
import { describe, expect, it } from 'vitest';
import { lightSites } from './fleet-generator-sites';
import { LIGHT_TRAFFIC_RATES, lightTraffic, type SiteMessage } from './fleet-generator-traffic';

const at = (second: number) => new Date(Date.UTC(2026, 11, 2, 8) + second * 1000).toISOString();

/** Runs the traffic of `count` sites, all started at second 0, for `seconds`. */
function anHourOf(count: number, seed: number, seconds = 3600) {
  let id = 0;
  const sites = lightSites(count, seed);
  const traffic = lightTraffic({ nextMessageId: () => `msg-test-${++id}`, seed });
  const start = sites.flatMap((s) => traffic.start(s, at(0)));
  const ticks: SiteMessage[][] = [];
  for (let second = 0; second < seconds; second++) ticks.push(traffic.tick(second, at(second)));
  return { sites, start, ticks };
}

describe('lightweight site catalog', () => {
  it('is the same for the same seed, with ids ls-0001… and ~10 charge points a site', () => {
    const sites = lightSites(200, 7);
    expect(lightSites(200, 7)).toEqual(sites);
    expect(sites.map((s) => s.siteId).slice(0, 3)).toEqual(['ls-0001', 'ls-0002', 'ls-0003']);
    expect(sites.at(-1)?.siteId).toBe('ls-0200');
    const cps = sites.flatMap((s) => s.chargePoints.map((cp) => cp.id));
    expect(new Set(cps).size).toBe(cps.length);
    for (const site of sites) {
      expect(SiteId.safeParse(site.siteId).success).toBe(true);
      expect(site.chargePoints.length).toBeGreaterThanOrEqual(8);
      expect(site.chargePoints.length).toBeLessThanOrEqual(12);
      expect(site.tags.length).toBeGreaterThanOrEqual(1);
    }
    expect(cps.length / sites.length).toBeGreaterThan(9);
    expect(cps.length / sites.length).toBeLessThan(11);
  });

  it('varies names, addresses and tags so a search narrows the list', () => {
    const sites = lightSites(500, 7);
    expect(new Set(sites.map((s) => s.address)).size).toBeGreaterThan(400);
    const inHamburg = sites.filter((s) => s.name.includes('Hamburg'));
    expect(inHamburg.length).toBeGreaterThan(5);
    expect(inHamburg.length).toBeLessThan(100);
    expect(new Set(sites.flatMap((s) => s.tags)).size).toBeGreaterThan(5);
    expect(lightSites(20, 8).map((s) => s.name)).not.toEqual(lightSites(20, 7).map((s) => s.name));
  });
});

describe('lightweight site traffic', () => {
  test.prop([fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 2 ** 31 - 1 })], { numRuns: 15 })(
    'every message is valid telemetry on a valid site topic, each id once',
    (count, seed) => {
      const { start, ticks } = anHourOf(count, seed, 900);
      const all = [...start, ...ticks.flat()];
      for (const { siteId, message } of all) {
        expect(TelemetryMessage.safeParse(message).error).toBeUndefined();
        expect(parseSiteTopic(siteTopic('demo', siteId, TopicChannel.telemetry))?.siteId).toBe(siteId);
      }
      const ids = all.map((m) => m.message.messageId);
      expect(new Set(ids).size).toBe(ids.length);
    },
  );

  it('starts with one boot and one status per charge point', () => {
    const { sites, start } = anHourOf(30, 3, 0);
    const cps = sites.flatMap((s) => s.chargePoints);
    expect(start.filter((m) => m.message.type === 'boot')).toHaveLength(cps.length);
    expect(start.filter((m) => m.message.type === 'status')).toHaveLength(cps.length);
    expect(start).toHaveLength(2 * cps.length);
  });

  it('sends each CP a heartbeat (or a status change) every 5 min and meterValues every 60 s only while charging', () => {
    const { sites, ticks } = anHourOf(40, 11);
    const cps = sites.flatMap((s) => s.chargePoints.map((cp) => cp.id));
    const perCp = new Map(cps.map((id) => [id, { slots: 0, meter: 0 }]));
    const charging = new Map<string, boolean>();
    for (const m of anHourOf(40, 11, 0).start)
      if (m.message.type === 'status') charging.set(m.message.chargePointId, m.message.status === 'Charging');
    for (const tick of ticks) {
      for (const { message } of tick) {
        const count = perCp.get(message.chargePointId);
        if (!count) throw new Error(`unknown charge point ${message.chargePointId}`);
        if (message.type === 'status') charging.set(message.chargePointId, message.status === 'Charging');
        if (message.type === 'heartbeat' || message.type === 'status') count.slots++;
        if (message.type === 'meterValues') {
          count.meter++;
          expect(charging.get(message.chargePointId)).toBe(true);
        }
      }
    }
    const perHour = 3600 / LIGHT_TRAFFIC_RATES.heartbeatIntervalS;
    for (const count of perCp.values()) {
      expect(count.slots).toBe(perHour);
      expect(count.meter).toBeLessThanOrEqual(3600 / LIGHT_TRAFFIC_RATES.meterValuesIntervalS);
    }
    // ~25 % charging: sparse, not every CP every minute.
    const meterShare = [...perCp.values()].reduce((n, c) => n + c.meter, 0) / (cps.length * 60);
    expect(meterShare).toBeGreaterThan(0.1);
    expect(meterShare).toBeLessThan(0.45);
    // Spread over the interval, not bursts: no second carries more than a few % of the hour's heartbeats.
    const busiest = Math.max(...ticks.map((t) => t.filter((m) => m.message.type !== 'meterValues').length));
    expect(busiest).toBeLessThanOrEqual(Math.ceil(cps.length / LIGHT_TRAFFIC_RATES.heartbeatIntervalS) + 1);
  });
});
