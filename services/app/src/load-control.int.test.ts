import { forOrg, type FleetStore } from '@ampfleet/adapters';
import { aUser, LoadControlSettings, type Command } from '@ampfleet/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aSharedSite } from '../../domain/src/load/control/testing';
import { startTestStore, type TestStore } from '../../../test/support/dynamo';
import { aBoot } from '../../../test/support/builders';
import { registerSite } from './use-cases/register-site';
import {
  ConflictError,
  dimLoad,
  ForbiddenError,
  ingestTelemetry,
  InvalidRequestError,
  NotFoundError,
  readDimmingLog,
  runLoadControl,
  setLoadLimits,
  setLoadSchedule,
  setLoadPeakCap,
} from './index';

// load.setLimits / setSchedule / dim / setPeakCap over DynamoDB Local: checked against the site's
// hardware (field-named errors, nothing written), versioned writes, the §14a log, and the control run
// that sends an operator limit per DLM master only when it changes.

let store: TestStore;
let fleet: FleetStore;
let now = new Date('2026-11-24T10:00:00.000Z');
const clock = { now: () => now };
const published: Command[] = [];
const publisher = {
  publish: (_org: string, _site: string, command: Command) => {
    published.push(command);
    return Promise.resolve();
  },
};
let ids = 0;
const ctxOf = (orgId: string, role: Parameters<typeof aUser>[1] = 'fleet-manager') => ({
  repos: forOrg(orgId, fleet),
  clock,
  principal: aUser(orgId, role),
  publisher,
  newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
});
const SITE_ID = 'ctl-site';
const site = { ...aSharedSite({ mainA: 100 }), id: SITE_ID };

beforeAll(async () => {
  store = await startTestStore('ampfleet-load-control');
  fleet = { doc: store.clients.doc, table: store.table };
  await registerSite({ repos: forOrg('org-a', fleet) }, site);
  // The charge points are known to the cloud once they booted (a command needs its target).
  for (const chargePointId of site.stations.flatMap((s) => s.ecus.map((e) => e.chargePointId)))
    await ingestTelemetry(
      { repos: forOrg('org-a', fleet), clock },
      { siteId: SITE_ID, message: aBoot({ chargePointId }) },
    );
});
afterAll(() => store.stop());

const operatorCommands = () =>
  published.flatMap((c) => (c.kind === 'setOperatorLimit' ? [[c.chargePointId, c.amps]] : []));

describe('load-control settings', () => {
  it('refuses limits above the hardware with the bad field named, and writes nothing', async () => {
    const error = await setLoadLimits(ctxOf('org-a'), {
      siteId: SITE_ID,
      limits: { siteLimitA: { l1: 90, l2: 90, l3: 120 }, networks: [{ networkId: 'dlm-1', maxA: 64 }] },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).issues.map((i) => i.path)).toEqual([
      'limits.siteLimitA.l3',
      'limits.networks.0.maxA',
    ]);
    const schema = await setLoadSchedule(ctxOf('org-a'), {
      siteId: SITE_ID,
      schedule: {
        entries: [{ days: ['mon'], from: '18:00', to: '07:00', siteLimitA: { l1: 1, l2: 1, l3: 1 } }],
      },
    }).catch((e: unknown) => e);
    expect((schema as InvalidRequestError).issues.map((i) => i.path)).toEqual(['schedule.entries.0.to']);
    expect(await forOrg('org-a', fleet).loadControl.settings(SITE_ID)).toBeUndefined();
    expect(published).toEqual([]);
  });

  it('stores valid limits and commands each DLM master once; an unchanged run sends nothing', async () => {
    const out = await setLoadLimits(ctxOf('org-a'), {
      siteId: SITE_ID,
      limits: { siteLimitA: { l1: 80, l2: 80, l3: 80 }, networks: [{ networkId: 'dlm-2', maxA: 30 }] },
    });
    expect(out.settings.version).toBe(1);
    // No DLM state yet: both networks idle → the idle floor each (6 A).
    expect(operatorCommands()).toEqual([
      ['n1-cp1-cp1', 6],
      ['n2-cp1-cp1', 6],
    ]);
    const records = await forOrg('org-a', fleet).commands.list(SITE_ID, 10);
    expect(records.filter((r) => r.status === 'pending')).toHaveLength(2);
    published.length = 0;
    now = new Date(now.getTime() + 60_000);
    await runLoadControl(ctxOf('org-a'), SITE_ID);
    expect(published).toEqual([]);
  });

  it('§14a: dimming start and end are logged once each, and the limits follow', async () => {
    await setLoadSchedule(ctxOf('org-a'), { siteId: SITE_ID, schedule: { entries: [] } });
    now = new Date(now.getTime() + 60_000);
    const started = await dimLoad(ctxOf('org-a'), {
      siteId: SITE_ID,
      action: 'start',
      reference: 'VNB-4711',
    });
    expect(started.settings.dimming).toMatchObject({ active: true, reference: 'VNB-4711' });
    await dimLoad(ctxOf('org-a'), { siteId: SITE_ID, action: 'start' }); // already dimmed: no second entry
    now = new Date(now.getTime() + 60_000);
    await dimLoad(ctxOf('org-a'), { siteId: SITE_ID, action: 'end' });
    const log = await readDimmingLog(ctxOf('org-a'), { siteId: SITE_ID });
    expect(log.map((e) => e.event)).toEqual(['end', 'start']);
    expect(log[1]).toMatchObject({
      reference: 'VNB-4711',
      controllableDevices: 4,
      guaranteedMinimumKw: 13.02,
    });
    expect(log[1]?.by).toBe('user-fleet-manager-org-a');
  });

  it('sets and removes the peak cap; refuses one above the connection', async () => {
    const bad = await setLoadPeakCap(ctxOf('org-a'), { siteId: SITE_ID, peakCapKw: 70 }).catch(
      (e: unknown) => e,
    );
    expect((bad as InvalidRequestError).issues.map((i) => i.path)).toEqual(['peakCapKw']);
    expect(
      (await setLoadPeakCap(ctxOf('org-a'), { siteId: SITE_ID, peakCapKw: 20.7 })).settings.peakCapKw,
    ).toBe(20.7);
    expect(
      (await setLoadPeakCap(ctxOf('org-a'), { siteId: SITE_ID, peakCapKw: null })).settings.peakCapKw,
    ).toBeUndefined();
  });

  it('a stale write writes nothing', async () => {
    const repos = forOrg('org-a', fleet);
    const current = await repos.loadControl.settings(SITE_ID);
    expect(await repos.loadControl.save(SITE_ID, LoadControlSettings.parse({ version: 1 }), 0)).toBe(
      'conflict',
    );
    expect(await repos.loadControl.save(SITE_ID, LoadControlSettings.parse({ version: 2 }), 1)).toBe(
      'conflict',
    );
    expect(await repos.loadControl.settings(SITE_ID)).toEqual(current);
    expect(ConflictError).toBeDefined();
  });

  it("another organisation's site is not found; a viewer may not change limits", async () => {
    await expect(setLoadLimits(ctxOf('org-b'), { siteId: SITE_ID, limits: {} })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(
      dimLoad(ctxOf('org-a', 'viewer'), { siteId: SITE_ID, action: 'start' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});
