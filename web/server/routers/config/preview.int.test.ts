import { forOrg } from '@ampfleet/adapters';
import { registerSite } from '@ampfleet/app';
import { aSite, aUser, anAmtron, type Site } from '@ampfleet/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStore, useStoreEnv, type TestStore } from '../../../../test/support/dynamo';
import { contextFor, createCallerFactory } from '../../trpc';
import { appRouter } from '../_app';

// config.preview and config.revert through the router over DynamoDB Local: the preview is the audit
// config.save would run (stored secrets included), writes nothing, and answers a bad draft with
// field-named issues; revert saves an old version's content — secrets too — as a new version.

const BASIC_PW = 'Basic-Auth-Secret-preview';
let store: TestStore;
const caller = () => createCallerFactory(appRouter)(contextFor(aUser('org-p')));
const ecuOf = (site: Site) => site.stations[0]!.ecus[0]!;
const withConfig = (site: Site, config: Record<string, unknown>): Site => ({
  ...site,
  stations: site.stations.map((s, i) =>
    i === 0
      ? { ...s, ecus: s.ecus.map((e, j) => (j === 0 ? { ...e, config: { ...e.config, ...config } } : e)) }
      : s,
  ),
});
const storedSecret = async (siteId: string) =>
  (await forOrg('org-p', { doc: store.clients.doc, table: store.table }).desiredConfig.get(siteId))?.secrets;

beforeAll(async () => {
  store = await startTestStore('ampfleet-config-preview');
  useStoreEnv(store);
  const repos = forOrg('org-p', { doc: store.clients.doc, table: store.table });
  for (const id of ['pv-site', 'rv-site'])
    await registerSite(
      { repos },
      aSite({
        id,
        stations: [anAmtron({ id: `${id}-st`, config: { httpBasicAuthPassword: BASIC_PW } })],
      }),
    );
});
afterAll(() => store.stop());

describe('config.preview', () => {
  it('audits the draft with the stored secret, names what is new, equals what save returns, writes nothing', async () => {
    const head = await caller().config.get({ siteId: 'pv-site' });
    expect(ecuOf(head.site).config.httpBasicAuthPassword).toBe('••••');
    // Basic auth over ws:// is a finding only because the (masked) password is set on the server.
    const draft = withConfig(head.site, {
      backendUrl: 'ws://backend.example.com/ocpp',
      operatorCurrentLimit: 3,
    });
    const preview = await caller().config.preview({
      siteId: 'pv-site',
      baseVersion: head.version,
      site: draft,
    });
    expect(preview.issues).toEqual([]);
    const added = preview.findings.filter((f) => preview.added.includes(f.id)).map((f) => f.ruleId);
    expect(added.sort()).toEqual([
      'backend.basic-auth-over-ws',
      'dlm.operator-current-limit-allows-charging',
    ]);
    expect(preview.removed).toEqual([]);
    expect((await caller().config.history({ siteId: 'pv-site' })).versions).toHaveLength(1);

    const saved = await caller().config.save({ siteId: 'pv-site', baseVersion: head.version, site: draft });
    expect(saved.findings).toEqual(preview.findings);
    // Back to the saved head: the two findings are now the base's, and undoing one resolves it.
    const undo = withConfig(draft, { operatorCurrentLimit: 16 });
    const back = await caller().config.preview({ siteId: 'pv-site', baseVersion: saved.version, site: undo });
    expect(back.added).toEqual([]);
    expect(back.removed.map((f) => f.ruleId)).toEqual(['dlm.operator-current-limit-allows-charging']);
  });

  it('answers a bad draft with the bad field’s path and no findings', async () => {
    const head = await caller().config.get({ siteId: 'pv-site' });
    const bad = withConfig(head.site, { operatorCurrentLimit: 99 });
    const preview = await caller().config.preview({
      siteId: 'pv-site',
      baseVersion: head.version,
      site: bad,
    });
    expect(preview.issues.map((i) => i.path)).toEqual(['site.stations.0.ecus.0.config.operatorCurrentLimit']);
    expect(preview.findings).toEqual([]);
  });
});

describe('config.revert', () => {
  it('saves an old version’s content, secrets included, as a new version; a stale base is CONFLICT', async () => {
    const v1 = await caller().config.get({ siteId: 'rv-site' });
    const before = await storedSecret('rv-site');
    const changed = withConfig(v1.site, {
      httpBasicAuthPassword: 'Changed-Secret-1',
      operatorCurrentLimit: 10,
    });
    await caller().config.save({ siteId: 'rv-site', baseVersion: 1, site: changed, comment: 'change' });
    expect(await storedSecret('rv-site')).not.toEqual(before);

    const reverted = await caller().config.revert({ siteId: 'rv-site', baseVersion: 2, toVersion: 1 });
    expect(reverted.version).toBe(3);
    expect(
      (await caller().config.diff({ siteId: 'rv-site', from: 1, to: 3 })).changes.filter((c) => !c.secret),
    ).toEqual([]);
    expect(await storedSecret('rv-site')).toEqual(before);
    const head = await caller().config.get({ siteId: 'rv-site' });
    expect(head).toMatchObject({ version: 3, comment: 'revert to v1' });

    await expect(
      caller().config.revert({ siteId: 'rv-site', baseVersion: 2, toVersion: 1 }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect((await caller().config.history({ siteId: 'rv-site' })).versions).toHaveLength(3);
  });
});
