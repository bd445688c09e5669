import { forOrg, type FleetStore } from '@ampfleet/adapters';
import {
  aUser,
  LOAD_BUCKET_TTL_S,
  LoadGetOutput,
  LoadHistoryOutput,
  siteDlmNetworks,
  tableKeys,
  useCase4,
  type Site,
} from '@ampfleet/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aDlmState, aSiteMeter } from '../../../test/support/dlm-builders';
import { startTestStore, type TestStore } from '../../../test/support/dynamo';
import { registerSite } from './use-cases/register-site';
import { ingestTelemetry, NotFoundError, readLoad, readLoadHistory } from './index';

// load.get and load.history over DynamoDB Local: the ingest writes the minute buckets in the DLM
// message's own transaction; the history reads them back per network, ordered and downsampled; the
// twin's predicted offers hold every configured limit. Another organisation's site is NOT_FOUND.
let store: TestStore;
let fleet: FleetStore;
const now = new Date('2026-11-24T10:05:20.000Z');
const clock = { now: () => now };
const ctxOf = (orgId: string) => ({ repos: forOrg(orgId, fleet), clock, principal: aUser(orgId) });
const SITE_ID = 'load-site';
const site: Site = {
  ...useCase4({ option: 2, stations: ['AMEDIO Professional+'], mainA: 100, firmware: '4.61-6000-a1b2c3d4e' }),
  id: SITE_ID,
};
const net = siteDlmNetworks(site)[0]!;
const [cpA, cpB] = net.members.map((m) => m.chargePointId) as [string, string];
const master = net.master!.chargePointId;

const state = (observedAt: string, drawnL1: number) =>
  aDlmState({
    chargePointId: master,
    networkId: net.id,
    observedAt,
    drawn: { l1: drawnL1, l2: 20, l3: 20 },
    chargePoints: [
      { id: cpA, status: 'Charging', offered: { l1: 16, l2: 16, l3: 16 }, drawn: { l1: 16, l2: 16, l3: 16 } },
      { id: cpB, status: 'Charging', offered: { l1: 16, l2: 16, l3: 16 }, drawn: { l1: 16, l2: 16, l3: 16 } },
    ],
  });

beforeAll(async () => {
  store = await startTestStore('ampfleet-load');
  fleet = { doc: store.clients.doc, table: store.table };
  const { repos } = ctxOf('org-a');
  // The site item and version 1 of its desired configuration, as registration stores them.
  await registerSite({ repos }, site);
  const replayed = state('2026-11-24T10:00:30.000Z', 20);
  for (const message of [
    state('2026-11-24T10:00:00.000Z', 10),
    replayed,
    replayed, // the same message id again: counted once
    aSiteMeter({ chargePointId: master, networkId: net.id, observedAt: '2026-11-24T10:00:40.000Z' }),
    state('2026-11-24T10:03:10.000Z', 30),
    state('2026-11-24T10:01:05.000Z', 40), // late, after a newer state: still counts in its own minute
  ])
    await ingestTelemetry(ctxOf('org-a'), { siteId: SITE_ID, message });
});
afterAll(() => store.stop());

describe('load.history', () => {
  it('returns the 1-minute buckets of the range, ordered, each message counted once', async () => {
    const h = await readLoadHistory(ctxOf('org-a'), { siteId: SITE_ID, range: '1h' });
    expect(LoadHistoryOutput.parse(h)).toEqual(h); // what the procedure's .output() checks
    expect(h).toMatchObject({ siteId: SITE_ID, range: '1h', resolutionS: 60, downsampled: false });
    expect(h.to).toBe('2026-11-24T10:06:00.000Z');
    const [series] = h.networks;
    expect(series?.networkId).toBe(net.id);
    expect(series?.points.map((p) => p.t)).toEqual([
      '2026-11-24T10:00:00.000Z',
      '2026-11-24T10:01:00.000Z',
      '2026-11-24T10:03:00.000Z',
    ]);
    const first = series!.points[0]!;
    expect(first.drawn?.l1).toEqual({ min: 15, max: 15, avg: 15 }); // (10 + 20) / 2, not (10+20+20)/3
    expect(first.meter?.l1.avg).toBeCloseTo(21.5);
    expect(first.powerW?.avg).toBe(15_400);
    expect(first.limit).toEqual({ l1: 50, l2: 50, l3: 50 });
    expect(series!.points[1]!.drawn?.l1.avg).toBe(40);
  });

  it('downsamples 30 days to at most 1,500 points with min/max/avg, and says so', async () => {
    const h = await readLoadHistory(ctxOf('org-a'), {
      siteId: SITE_ID,
      range: '30d',
      networkId: net.id,
      resolution: 'minute',
    });
    expect(h).toMatchObject({ resolutionS: 29 * 60, downsampled: true, maxPointsPerSeries: 1500 });
    const [point] = h.networks[0]!.points;
    expect(h.networks[0]!.points).toHaveLength(1);
    // 10:00 → avg 15, 10:01 → 40, 10:03 → 30 (all in one 29-minute point)
    expect(point?.minutes).toBe(3);
    expect(point?.drawn?.l1.min).toBe(15);
    expect(point?.drawn?.l1.max).toBe(40);
    expect(point?.drawn?.l1.avg).toBeCloseTo((15 + 40 + 30) / 3);
  });

  it('keeps a bucket 35 days (TTL) in its own partition', async () => {
    const items = await store.scanAll();
    const bucket = items.find(
      (i) => i.pk === tableKeys.networkLoad('org-a', SITE_ID, net.id).pk && i.sk === '2026-11-24T10:00',
    );
    expect(bucket?.expiresAt).toBe(Date.parse('2026-11-24T10:00:00Z') / 1000 + LOAD_BUCKET_TTL_S);
    expect(bucket?.dN).toBe(2);
  });

  it("another organisation's site is NOT_FOUND", async () => {
    await expect(readLoadHistory(ctxOf('org-b'), { siteId: SITE_ID, range: '1h' })).rejects.toThrow(
      NotFoundError,
    );
  });
});

describe('load.get', () => {
  it('returns the configured limits, the latest state and the twin, its prediction within every limit', async () => {
    const view = await readLoad(ctxOf('org-a'), { siteId: SITE_ID });
    expect(LoadGetOutput.parse(view)).toEqual(view);
    const [n] = view.networks;
    expect(n).toMatchObject({
      networkId: net.id,
      masterChargePointId: master,
      state: {
        at: '2026-11-24T10:03:10.000Z',
        effectiveLimit: { l1: 50, l2: 50, l3: 50 },
        fallbackActive: false,
      },
      meter: { connected: true, at: '2026-11-24T10:00:40.000Z' },
      configured: { evseSubDistribution: net.masterConfig.evseSubDistributionLimit },
    });
    expect(n?.chargePoints.map((c) => c.chargePointId).sort()).toEqual([cpA, cpB].sort());
    for (const cp of n!.chargePoints) {
      expect(cp.reportedOfferedA).toBe(16);
      expect(cp.predictedA).toBeGreaterThanOrEqual(0);
    }
    const phases = ['l1', 'l2', 'l3'] as const;
    for (const p of phases) {
      expect(n!.twin!.predictedLoad[p]).toBeLessThanOrEqual(n!.twin!.limit[p] + 1e-9);
      for (const limit of [
        n!.configured?.evseSubDistribution,
        n!.configured?.operator,
        n!.state?.operatorLimit,
      ])
        if (limit) expect(n!.twin!.predictedLoad[p]).toBeLessThanOrEqual(limit[p] + 1e-9);
      expect(view.mainConnection!.predictedLoad[p]).toBeLessThanOrEqual(view.mainConnection!.ratingA[p]);
    }
    expect(n!.chargePoints.some((c) => (c.predictedA ?? 0) > 0)).toBe(true);
  });

  it("another organisation's site is NOT_FOUND", async () => {
    await expect(readLoad(ctxOf('org-b'), { siteId: SITE_ID })).rejects.toThrow(NotFoundError);
  });
});
