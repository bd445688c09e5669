import { forOrg, type FleetStore } from '@ampfleet/adapters';
import { aUser, PAUSE_PROFILE_ID, type TelemetryMessage } from '@ampfleet/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aBoot, aMeterValues, aStatus } from '../../../test/support/builders';
import {
  aCommandResult,
  aTransactionStarted,
  aTransactionStopped,
} from '../../../test/support/message-builders';
import { startTestStore, type TestStore } from '../../../test/support/dynamo';
import {
  ingestTelemetry,
  NotFoundError,
  pauseCharging,
  readOwnerDashboard,
  resumeCharging,
  type CommandPublisher,
} from './index';

// The owner dashboard read over DynamoDB Local: a site in Berlin, seen at 00:30 local time on 3 December
// (23:30 UTC on the 2nd) — 'today' and 'this month' are the site's, not UTC's.
let store: TestStore;
let fleet: FleetStore;
let now = new Date('2026-12-02T23:30:00.000Z');
const clock = { now: () => now };
const settings = { heartbeatIntervalS: 60 };
const ctxOf = (orgId: string) => ({
  repos: forOrg(orgId, fleet),
  clock,
  settings,
  principal: aUser(orgId, 'site-owner', ['lindenweg']),
});
const published: string[] = [];
const publisher: CommandPublisher = { publish: async (_o, _s, c) => void published.push(c.kind) };
let ids = 0;
const newId = () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;
const ingest = (message: TelemetryMessage, orgId = 'org-a') =>
  ingestTelemetry(ctxOf(orgId), { siteId: 'lindenweg', message });
const at = (iso: string) => ({ observedAt: iso });

beforeAll(async () => {
  store = await startTestStore('ampfleet-owner');
  fleet = { doc: store.clients.doc, table: store.table };
  const { repos } = ctxOf('org-a');
  await repos.sites.register({ siteId: 'lindenweg', name: 'Lindenweg 12', timeZone: 'Europe/Berlin' });
  await ctxOf('org-b').repos.sites.register({ siteId: 'other', name: 'Other org', timeZone: 'UTC' });
  const t = '2026-12-02T23:29:00.000Z';
  for (const cp of ['cp-1', 'cp-2']) await ingest(aBoot({ chargePointId: cp, ...at(t) }));
  await ingest(aStatus({ chargePointId: 'cp-1', status: 'Charging', ...at(t) }));
  await ingest(aStatus({ chargePointId: 'cp-2', status: 'Faulted', errorCode: 'GroundFailure', ...at(t) }));
  // Sessions: 30 Nov (local; before the month), 1 Dec, and one running since 00:10 local on 3 Dec.
  const session = (id: number, startedAt: string, stoppedAt: string, whFrom: number, whTo: number) => [
    aTransactionStarted({
      chargePointId: 'cp-1',
      transactionId: id,
      startedAt,
      meterStartWh: whFrom,
      ...at(startedAt),
    }),
    aTransactionStopped({
      chargePointId: 'cp-1',
      transactionId: id,
      startedAt,
      stoppedAt,
      meterStartWh: whFrom,
      meterStopWh: whTo,
      ...at(stoppedAt),
    }),
  ];
  for (const m of [
    ...session(1, '2026-11-30T22:30:00.000Z', '2026-11-30T23:30:00.000Z', 0, 5000),
    ...session(2, '2026-11-30T23:10:00.000Z', '2026-12-01T01:00:00.000Z', 5000, 12000),
  ])
    await ingest(m);
  await ingest(
    aTransactionStarted({
      chargePointId: 'cp-1',
      transactionId: 3,
      startedAt: '2026-12-02T23:10:00.000Z',
      meterStartWh: 12000,
      ...at('2026-12-02T23:10:00.000Z'),
    }),
  );
  await ingest(
    aMeterValues({
      chargePointId: 'cp-1',
      energyImportWh: 14500,
      activePowerW: 7200,
      currentImport: { l1: 10.5, l2: 10.4, l3: 10.6 },
      ...at(t),
    }),
  );
});
afterAll(() => store?.stop());

describe('readOwnerDashboard', () => {
  it("tallies today's sessions and the month's energy per day in the site's time zone", async () => {
    const d = await readOwnerDashboard(ctxOf('org-a'), { siteId: 'lindenweg' });
    expect(d.timeZone).toBe('Europe/Berlin');
    expect(d.today).toEqual({ day: '2026-12-03', sessions: 1, energyWh: 2500 });
    expect(d.month).toEqual({
      month: '2026-12',
      energyWh: 9500,
      days: [
        { day: '2026-12-01', energyWh: 7000 },
        { day: '2026-12-02', energyWh: 0 },
        { day: '2026-12-03', energyWh: 2500 },
      ],
    });
    expect(d.power.chargingW).toBe(7200);
    expect(d.current.drawn).toEqual({ l1: 10.5, l2: 10.4, l3: 10.6 });
    expect(d.current.limit).toBeUndefined(); // no DLM network reported: no limit is made up
    expect(d.schedule).toBeNull();
    expect(d.chargePoints.map((c) => [c.chargePointId, c.state])).toEqual([
      ['cp-1', 'charging'],
      ['cp-2', 'faulted'],
    ]);
    expect(d.faults).toEqual([
      expect.objectContaining({ code: 'GroundFailure', chargePointId: 'cp-2', blocking: true }),
    ]);
  });

  it('pauses and resumes a charge point through the command path; the dashboard follows the results', async () => {
    const ctx = { ...ctxOf('org-a'), publisher, newId };
    const pause = await pauseCharging(ctx, { siteId: 'lindenweg', chargePointId: 'cp-1' });
    expect(pause.command).toMatchObject({
      kind: 'setChargingProfile',
      connectorId: 0,
      csChargingProfiles: {
        chargingProfileId: PAUSE_PROFILE_ID,
        chargingProfilePurpose: 'ChargePointMaxProfile',
      },
    });
    let d = await readOwnerDashboard(ctxOf('org-a'), { siteId: 'lindenweg' });
    expect(d.chargePoints[0]?.pause).toEqual({ paused: true, pending: 'pause' });
    await ingest(
      aCommandResult({
        chargePointId: 'cp-1',
        commandId: pause.commandId,
        ...at('2026-12-02T23:30:01.000Z'),
      }),
    );
    await ingest(
      aStatus({ chargePointId: 'cp-1', status: 'SuspendedEVSE', ...at('2026-12-02T23:30:02.000Z') }),
    );
    d = await readOwnerDashboard(ctxOf('org-a'), { siteId: 'lindenweg' });
    expect(d.chargePoints[0]).toMatchObject({ state: 'paused', pause: { paused: true } });

    now = new Date('2026-12-02T23:31:00.000Z');
    const resume = await resumeCharging(ctx, { siteId: 'lindenweg', chargePointId: 'cp-1' });
    expect(resume.command).toMatchObject({ kind: 'clearChargingProfile', id: PAUSE_PROFILE_ID });
    await ingest(
      aCommandResult({
        chargePointId: 'cp-1',
        commandId: resume.commandId,
        status: 'expired',
        detail: 'offline',
        ...at('2026-12-02T23:31:01.000Z'),
      }),
    );
    d = await readOwnerDashboard(ctxOf('org-a'), { siteId: 'lindenweg' });
    expect(d.chargePoints[0]?.pause).toEqual({ paused: true, failed: 'resume' });
    expect(published).toEqual(['setChargingProfile', 'clearChargingProfile']);
  });

  it("refuses another organisation's site and does not pause its charge points", async () => {
    await expect(readOwnerDashboard(ctxOf('org-b'), { siteId: 'lindenweg' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(
      pauseCharging({ ...ctxOf('org-b'), publisher, newId }, { siteId: 'lindenweg', chargePointId: 'cp-1' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
