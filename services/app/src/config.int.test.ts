import { forOrg, type FleetStore } from '@ampfleet/adapters';
import { aSite, aUser, anAmtron, type Site } from '@ampfleet/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStore, type TestStore } from '../../../test/support/dynamo';
import { aReportedConfig } from '../../../test/support/message-builders';
import {
  auditFindings,
  ConflictError,
  configDiff,
  configHistory,
  getConfig,
  ingestTelemetry,
  InvalidRequestError,
  readDrift,
  registerSite,
  saveConfig,
} from './index';

// The desired configuration's use cases over DynamoDB Local: versions with author, time, comment and
// diff; a stale base or a bad site writes nothing; secrets never come back and survive a save without them.

const OPERATOR_PW = 'Op3r4tor-Secret-cfg';
const BASIC_PW = 'Basic-Auth-Secret-cfg';
let store: TestStore;
let fleet: FleetStore;
let tick = 0;
const clock = { now: () => new Date(Date.UTC(2026, 11, 1, 10, 0, tick++)) };
const admin = aUser('org-c', 'org-admin');
const ctx = () => ({ repos: forOrg('org-c', fleet), clock, principal: admin });

function siteWithSecrets(id: string): Site {
  const station = anAmtron({ id: `${id}-st`, config: { httpBasicAuthPassword: BASIC_PW } });
  return aSite({
    id,
    stations: [
      {
        ...station,
        ecus: station.ecus.map((e) => ({ ...e, credentials: { user: 'operator', password: OPERATOR_PW } })),
      },
    ],
  });
}
const configItems = async (siteId: string) =>
  (await store.scanAll())
    .filter((i) => String(i.pk).endsWith(`#SITE#${siteId}`) && String(i.sk).startsWith('CONFIG#'))
    .map((i) => JSON.stringify(i))
    .sort();

beforeAll(async () => {
  store = await startTestStore('ampfleet-config');
  fleet = { doc: store.clients.doc, table: store.table };
});
afterAll(() => store.stop());

describe('desired configuration', () => {
  it('registration creates version 1 once; a repeated registration keeps later versions', async () => {
    await registerSite(ctx(), siteWithSecrets('s-reg'));
    const v1 = await getConfig(ctx(), { siteId: 's-reg' });
    expect(v1).toMatchObject({ version: 1, savedBy: 'system' });
    await saveConfig(ctx(), { siteId: 's-reg', baseVersion: 1, site: { ...v1.site, name: 'Renamed' } });
    await registerSite(ctx(), siteWithSecrets('s-reg'));
    expect(await getConfig(ctx(), { siteId: 's-reg' })).toMatchObject({
      version: 2,
      site: { name: 'Renamed' },
    });
  });

  it('a save makes version 2 with author, time, comment and the diff; history and diff show it', async () => {
    await registerSite(ctx(), siteWithSecrets('s-save'));
    const head = await getConfig(ctx(), { siteId: 's-save' });
    const station = head.site.stations[0]!;
    const edited: Site = {
      ...head.site,
      stations: [
        {
          ...station,
          ecus: [{ ...station.ecus[0]!, config: { ...station.ecus[0]!.config, dlmSampleRate: 45 } }],
        },
      ],
    };
    const saved = await saveConfig(ctx(), {
      siteId: 's-save',
      baseVersion: 1,
      site: edited,
      comment: 'slower DLM',
    });
    expect(saved.version).toBe(2);
    expect(Array.isArray(saved.findings)).toBe(true);
    const after = await getConfig(ctx(), { siteId: 's-save' });
    expect(after).toMatchObject({ version: 2, savedBy: admin.email, comment: 'slower DLM' });
    const { versions } = await configHistory(ctx(), { siteId: 's-save' });
    expect(versions.map((v) => [v.version, v.savedBy, v.comment, v.changeCount])).toEqual([
      [2, admin.email, 'slower DLM', 1],
      [1, 'system', 'registered', 0],
    ]);
    expect(versions[0]!.savedAt > versions[1]!.savedAt).toBe(true);
    const path = `stations[s-save-st].ecus[s-save-st-cp1].config.dlmSampleRate`;
    expect((await configDiff(ctx(), { siteId: 's-save', from: 1, to: 2 })).changes).toEqual([
      { path, kind: 'added', to: 45 },
    ]);
    expect((await configDiff(ctx(), { siteId: 's-save', from: 2, to: 1 })).changes).toEqual([
      { path, kind: 'removed', from: 45 },
    ]);
  });

  it('a save on a stale base is a conflict and writes nothing', async () => {
    await registerSite(ctx(), siteWithSecrets('s-stale'));
    const head = await getConfig(ctx(), { siteId: 's-stale' });
    await saveConfig(ctx(), { siteId: 's-stale', baseVersion: 1, site: { ...head.site, name: 'First' } });
    const before = await configItems('s-stale');
    await expect(
      saveConfig(ctx(), { siteId: 's-stale', baseVersion: 1, site: { ...head.site, name: 'Second' } }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(await configItems('s-stale')).toEqual(before);
  });

  it('a bad site is refused naming the field, and nothing is written', async () => {
    await registerSite(ctx(), siteWithSecrets('s-bad'));
    const before = await configItems('s-bad');
    const err = await saveConfig(ctx(), {
      siteId: 's-bad',
      baseVersion: 1,
      site: { stations: 'nonsense' },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).issues.map((i) => i.path)).toContain('site.stations');
    expect((err as Error).message).toContain('site.stations');
    const head = await getConfig(ctx(), { siteId: 's-bad' });
    await expect(
      saveConfig(ctx(), { siteId: 's-bad', baseVersion: 1, site: { ...head.site, id: 'another' } }),
    ).rejects.toThrow(/site\.id/);
    expect(await configItems('s-bad')).toEqual(before);
    expect((await getConfig(ctx(), { siteId: 's-bad' })).version).toBe(1);
  });

  it('never returns a secret, stores none in clear, and keeps secrets a save leaves out or masks', async () => {
    await registerSite(ctx(), siteWithSecrets('s-sec'));
    const head = await getConfig(ctx(), { siteId: 's-sec' });
    const ecu = head.site.stations[0]!.ecus[0]!;
    expect(ecu.credentials).toEqual({ user: 'operator', password: '••••' });
    expect(ecu.config.httpBasicAuthPassword).toBe('••••');
    // Save once with the masks sent back, once with the secrets left out entirely.
    await saveConfig(ctx(), { siteId: 's-sec', baseVersion: 1, site: { ...head.site, name: 'Masked' } });
    const { credentials: _c, ...bare } = ecu;
    const { httpBasicAuthPassword: _p, ...config } = bare.config;
    const without: Site = {
      ...head.site,
      stations: [{ ...head.site.stations[0]!, ecus: [{ ...bare, config }] }],
    };
    await saveConfig(ctx(), { siteId: 's-sec', baseVersion: 2, site: without });
    const stored = await forOrg('org-c', fleet).desiredConfig.get('s-sec');
    expect(stored?.secrets['s-sec-st-cp1']).toEqual({
      credentials: { user: 'operator', password: OPERATOR_PW },
      params: { httpBasicAuthPassword: BASIC_PW },
    });
    // A new password is a change named by path only.
    const changed: Site = {
      ...head.site,
      stations: [
        {
          ...head.site.stations[0]!,
          ecus: [{ ...ecu, credentials: { user: 'operator', password: 'New-Secret-1' } }],
        },
      ],
    };
    await saveConfig(ctx(), { siteId: 's-sec', baseVersion: 3, site: changed });
    const diff = await configDiff(ctx(), { siteId: 's-sec', from: 1, to: 4 });
    expect(diff.changes).toContainEqual({
      path: 'stations[s-sec-st].ecus[s-sec-st-cp1].credentials',
      kind: 'changed',
      secret: true,
    });
    const outputs = JSON.stringify([
      await getConfig(ctx(), { siteId: 's-sec' }),
      await configHistory(ctx(), { siteId: 's-sec' }),
      diff,
      await auditFindings(ctx(), { siteId: 's-sec' }),
      await readDrift(ctx(), { siteId: 's-sec' }),
      await configItems('s-sec'),
    ]);
    for (const secret of [OPERATOR_PW, BASIC_PW, 'New-Secret-1']) expect(outputs).not.toContain(secret);
  });

  it('audit findings carry id, severity, §, message and path; drift marks unreported ECUs', async () => {
    const site = siteWithSecrets('s-drift');
    await registerSite(ctx(), site);
    const audit = await auditFindings(ctx(), { siteId: 's-drift' });
    for (const f of audit.findings) {
      expect(f.id).toContain(f.ruleId);
      expect(f.section).toMatch(/§/);
      expect(f.message.length).toBeGreaterThan(0);
    }
    const before = await readDrift(ctx(), { siteId: 's-drift' });
    expect(before.drift.ecus.map((e) => [e.chargePointId, e.drift])).toEqual([['s-drift-st-cp1', undefined]]);
    expect(before.drift.counts.unreported).toBe(1);
    await ingestTelemetry(ctx(), {
      siteId: 's-drift',
      message: aReportedConfig({ chargePointId: 's-drift-st-cp1', observedAt: '2026-12-01T09:00:00.000Z' }),
    });
    const after = await readDrift(ctx(), { siteId: 's-drift' });
    expect(after.drift.counts.unreported).toBe(0);
    expect(after.drift.ecus[0]!.drift).toBeDefined();
    expect(after.reportedAt['s-drift-st-cp1']).toBe('2026-12-01T09:00:00.000Z');
  });
});
