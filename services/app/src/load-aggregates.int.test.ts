import { forOrg, type FleetStore } from '@ampfleet/adapters';
import {
  aUser,
  LOAD_HOUR_TTL_S,
  LoadHistoryOutput,
  LoadSimulateOutput,
  siteDlmNetworks,
  tableKeys,
  useCase4,
  type Site,
  type TelemetryMessage,
} from '@ampfleet/domain';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aMeterValues } from '../../../test/support/builders';
import { aDlmState, aSiteMeter } from '../../../test/support/dlm-builders';
import { startTestStore, type TestStore } from '../../../test/support/dynamo';
import { registerSite } from './use-cases/register-site';
import { ingestTelemetry, InvalidRequestError, NotFoundError, readLoadHistory, simulateLoad } from './index';

// Issue #13 point 5 over DynamoDB Local: the ingest ADDs each DLM message into its minute bucket AND its
// hour aggregate in one transaction, so an hour's sums are its minutes' sums, and a replay (same
// message ids) counts nothing twice; the energy registers give energy per day per charge point and
// site; load.history reads hour aggregates for 7 d / 30 d. And load.simulate, one chunk at a time.
let store: TestStore;
let fleet: FleetStore;
const now = new Date('2026-11-24T12:30:00.000Z');
const ctxOf = (orgId: string) => ({
  repos: forOrg(orgId, fleet),
  clock: { now: () => now },
  principal: aUser(orgId),
});
const site: Site = {
  ...useCase4({ option: 2, stations: ['AMEDIO Professional+'], mainA: 100, firmware: '4.61-6000-a1b2c3d4e' }),
  id: 'agg-site',
};
const net = siteDlmNetworks(site)[0]!;
const master = net.master!.chargePointId;
const ingest = (message: TelemetryMessage, siteId = site.id) =>
  ingestTelemetry(ctxOf('org-a'), { siteId, message });
const SUMS = ['dN', 'dS1', 'dS2', 'dS3', 'mN', 'mS1', 'mS2', 'mS3', 'pN', 'pS'] as const;

async function itemsOf(pk: string) {
  return (await store.scanAll()).filter((i) => i.pk === pk);
}

beforeAll(async () => {
  store = await startTestStore('ampfleet-load-agg');
  fleet = { doc: store.clients.doc, table: store.table };
  await registerSite({ repos: ctxOf('org-a').repos }, site);
});
afterAll(() => store.stop());

describe('hour aggregates', () => {
  it('an hour holds the sums of its minutes; a replay of every message changes nothing', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ minute: fc.nat(179), second: fc.nat(59), l1: fc.nat(200), meter: fc.boolean() }),
          { minLength: 1, maxLength: 12 },
        ),
        async (raw) => {
          const siteId = `agg-prop-${run++}`;
          const messages = raw.map(({ minute, second, l1, meter }) => {
            const observedAt = new Date(
              Date.parse('2026-11-24T09:00:00Z') + minute * 60_000 + second * 1000,
            ).toISOString();
            return meter
              ? aSiteMeter({
                  chargePointId: master,
                  networkId: 'net-1',
                  observedAt,
                  currents: { l1, l2: 5, l3: 7 },
                })
              : aDlmState({
                  chargePointId: master,
                  networkId: 'net-1',
                  observedAt,
                  drawn: { l1, l2: 3, l3: 4 },
                });
          });
          for (const m of messages) await ingest(m, siteId);
          const read = async () => ({
            minutes: await itemsOf(tableKeys.networkLoad('org-a', siteId, 'net-1').pk),
            hours: await itemsOf(tableKeys.networkLoadHours('org-a', siteId, 'net-1').pk),
          });
          const first = await read();
          for (const m of messages) expect(await ingest(m, siteId)).toBe('duplicate');
          const replayed = await read();
          expect(replayed).toEqual(first);
          for (const hour of first.hours) {
            const minutes = first.minutes.filter((m) => String(m.sk).startsWith(`${String(hour.sk)}:`));
            for (const name of SUMS)
              expect(Number(hour[name] ?? 0)).toBeCloseTo(
                minutes.reduce((s, m) => s + Number(m[name] ?? 0), 0),
                6,
              );
            expect(hour.expiresAt).toBe(Date.parse(`${String(hour.sk)}:00:00Z`) / 1000 + LOAD_HOUR_TTL_S);
          }
          expect(first.hours.reduce((s, h) => s + Number(h.dN ?? 0) + Number(h.mN ?? 0), 0)).toBe(
            messages.length,
          );
        },
      ),
      { numRuns: 6 },
    );
  });

  it('load.history reads hour aggregates for 7 d and 30 d, minute buckets up to 24 h', async () => {
    for (const [minute, l1] of [
      ['2026-11-24T11:10:00Z', 10],
      ['2026-11-24T11:40:00Z', 30],
      ['2026-11-20T08:05:00Z', 50],
    ] as const)
      await ingest(
        aDlmState({
          chargePointId: master,
          networkId: net.id,
          observedAt: minute,
          drawn: { l1, l2: 0, l3: 0 },
        }),
      );
    const week = await readLoadHistory(ctxOf('org-a'), { siteId: site.id, range: '7d', networkId: net.id });
    expect(LoadHistoryOutput.parse(week)).toEqual(week);
    expect(week).toMatchObject({ source: 'hour', resolutionS: 3600, downsampled: true });
    expect(week.networks[0]!.points.map((p) => [p.t, p.drawn?.l1.avg])).toEqual([
      ['2026-11-20T08:00:00.000Z', 50],
      ['2026-11-24T11:00:00.000Z', 20],
    ]);
    const day = await readLoadHistory(ctxOf('org-a'), { siteId: site.id, range: '24h', networkId: net.id });
    expect(day).toMatchObject({ source: 'minute', resolutionS: 60 });
    expect(day.networks[0]!.points.map((p) => p.drawn?.l1.avg)).toEqual([10, 30]);
    const minutes = await readLoadHistory(ctxOf('org-a'), {
      siteId: site.id,
      range: '7d',
      networkId: net.id,
      resolution: 'minute',
    });
    expect(minutes).toMatchObject({ source: 'minute', resolutionS: 7 * 60 });
  });
});

describe('energy per day', () => {
  it('is the register delta per charge point and site, each reading once however often replayed', async () => {
    const [cpA, cpB] = net.members.map((m) => m.chargePointId) as [string, string];
    const readings: TelemetryMessage[] = [
      aMeterValues({ chargePointId: cpA, observedAt: '2026-11-22T20:00:00Z', energyImportWh: 100_000 }),
      aMeterValues({ chargePointId: cpA, observedAt: '2026-11-22T23:30:00Z', energyImportWh: 104_000 }),
      aMeterValues({ chargePointId: cpA, observedAt: '2026-11-23T01:00:00Z', energyImportWh: 106_500 }),
      aMeterValues({ chargePointId: cpA, observedAt: '2026-11-23T07:00:00Z', energyImportWh: 111_000 }),
      aMeterValues({ chargePointId: cpB, observedAt: '2026-11-23T09:00:00Z', energyImportWh: 5_000 }),
      aMeterValues({ chargePointId: cpB, observedAt: '2026-11-23T12:00:00Z', energyImportWh: 12_000 }),
      aMeterValues({ chargePointId: cpA, observedAt: '2026-11-23T06:00:00Z', energyImportWh: 110_000 }), // late
    ];
    for (const m of readings) await ingest(m);
    for (const m of readings) await ingest(m); // replayed: duplicates
    const h = await readLoadHistory(ctxOf('org-a'), { siteId: site.id, range: '7d' });
    const byDay = Object.fromEntries(h.energyByDay.map((d) => [d.day, d]));
    expect(byDay['2026-11-22']).toEqual({
      day: '2026-11-22',
      siteWh: 4000,
      chargePoints: [{ chargePointId: cpA, wh: 4000 }],
    });
    expect(byDay['2026-11-23']?.siteWh).toBe(7000 + 7000);
    expect(byDay['2026-11-23']?.chargePoints).toEqual(
      [
        { chargePointId: cpA, wh: 7000 },
        { chargePointId: cpB, wh: 7000 },
      ].sort((a, b) => a.chargePointId.localeCompare(b.chargePointId)),
    );
    expect(byDay['2026-11-24']?.siteWh).toBe(0);
  });

  it("another organisation's site is NOT_FOUND", async () => {
    await expect(readLoadHistory(ctxOf('org-b'), { siteId: site.id, range: '7d' })).rejects.toThrow(
      NotFoundError,
    );
  });
});

describe('load.simulate', () => {
  it('runs one chunk of the what-if over the stored configuration, every limit held', async () => {
    const out = await simulateLoad(ctxOf('org-a'), { siteId: site.id, additionalChargePoints: 2, chunk: 2 });
    expect(LoadSimulateOutput.parse(out)).toEqual(out);
    expect(out).toMatchObject({ chunk: 2, chunks: 3, progress: 1, hours: 24 });
    expect(out.point.chargePoints).toBe(net.members.length + 2);
    expect(out.point.limitViolations).toBe(0);
  });

  it('refuses a site without configuration (naming the field) and a foreign one', async () => {
    await ingest(aDlmState({ chargePointId: master, networkId: 'net-1' }), 'no-config-site');
    await expect(
      simulateLoad(ctxOf('org-a'), { siteId: 'no-config-site', additionalChargePoints: 1, chunk: 0 }),
    ).rejects.toThrow(InvalidRequestError);
    await expect(
      simulateLoad(ctxOf('org-b'), { siteId: site.id, additionalChargePoints: 1, chunk: 0 }),
    ).rejects.toThrow(NotFoundError);
  });
});
