import { forOrg, type FleetStore } from '@ampfleet/adapters';
import { aSite, aUser, anApiKey, anAmtron, type Principal, type Site } from '@ampfleet/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStore, type TestStore } from '../../../test/support/dynamo';
import {
  ConflictError,
  createSite,
  ForbiddenError,
  getConfig,
  InvalidRequestError,
  listSites,
  readCommissioningSheet,
  registerSite,
} from './index';

// Onboarding over DynamoDB Local (issue #12 point 6): a site from a template or an imported JSON is the
// site item and version 1 of its desired configuration, written together; a bad field is named and
// writes nothing; an id the organisation has already is a conflict and writes nothing.

const ORG = 'org-onb';
const OPERATOR_PW = 'Onb-Operator-Secret-1';
let store: TestStore;
let fleet: FleetStore;
let tick = 0;
const clock = { now: () => new Date(Date.UTC(2026, 11, 2, 9, 0, tick++)) };
const ctx = (principal: Principal = aUser(ORG, 'fleet-manager')) => ({
  repos: forOrg(ORG, fleet),
  clock,
  principal,
});
const itemsOf = async (siteId: string) =>
  (await store.scanAll()).filter((i) => i.pk === `ORG#${ORG}#SITE#${siteId}`);

function imported(id: string): Site {
  const station = anAmtron({ id: `${id}-st` });
  return aSite({
    id,
    name: 'Imported',
    stations: [
      {
        ...station,
        ecus: station.ecus.map((e) => ({ ...e, credentials: { user: 'operator', password: OPERATOR_PW } })),
      },
    ],
  });
}

beforeAll(async () => {
  store = await startTestStore('ampfleet-onboarding');
  fleet = { doc: store.clients.doc, table: store.table };
});
afterAll(() => store.stop());

describe('create a site', () => {
  it('from the §7.4 template (option 2): version 1 by its author, in the site list, a commissioning sheet', async () => {
    const created = await createSite(ctx(), {
      from: 'template',
      template: { useCase: 'use-case-4', option: 2 },
      site: { id: 'werk-2', name: 'Werk 2', address: 'Hafenstr. 1, Bremen', timeZone: 'Europe/Berlin' },
    });
    expect(created).toEqual({ siteId: 'werk-2', version: 1, findings: { errors: 0, warnings: 0 } });
    const config = await getConfig(ctx(), { siteId: 'werk-2' });
    expect(config).toMatchObject({ version: 1, savedBy: expect.stringContaining('@') as string });
    expect(config.site).toMatchObject({ id: 'werk-2', name: 'Werk 2', orgId: ORG });
    expect(config.site.tags).toContain('use-case-4');
    expect(config.site.meters[0]).toMatchObject({ measures: 'total' });
    const list = await listSites(
      { ...ctx(), settings: { heartbeatIntervalS: 60 } },
      { limit: 50, sort: 'name' },
    );
    expect(list.items.map((s) => s.siteId)).toContain('werk-2');
    const sheet = await readCommissioningSheet(ctx(), { siteId: 'werk-2' });
    expect(sheet.ecus.length).toBeGreaterThan(0);
    expect(sheet.ecus[0]?.groups.map((g) => g.id)).toContain('dlm');
  });

  it('imports a site JSON; its secrets are stored apart and never in the sheet', async () => {
    await createSite(ctx(), { from: 'import', site: imported('imp-1') });
    const sheet = await readCommissioningSheet(ctx(), { siteId: 'imp-1' });
    expect(JSON.stringify(sheet)).not.toContain(OPERATOR_PW);
    expect(sheet.ecus[0]).toMatchObject({ operatorUser: 'operator', operatorPasswordSet: true });
    expect(JSON.stringify(await itemsOf('imp-1'))).not.toContain(OPERATOR_PW);
  });

  it('a bad field is named by its path and nothing is written', async () => {
    const bad = imported('imp-bad') as unknown as { stations: { ecus: { firmware: string }[] }[] };
    (bad.stations[0]?.ecus[0] as { firmware: unknown }).firmware = 7;
    const err = await createSite(ctx(), { from: 'import', site: bad }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).issues.map((i) => i.path)).toEqual([
      'site.stations.0.ecus.0.firmware',
    ]);
    const zone = await createSite(ctx(), {
      from: 'template',
      template: { useCase: 'use-case-1' },
      site: { id: 'imp-bad', name: 'Bad zone', timeZone: 'Mars/Olympus' },
    }).catch((e: unknown) => e);
    expect((zone as InvalidRequestError).issues?.map((i) => i.path)).toEqual(['site.timeZone']);
    const option = await createSite(ctx(), {
      from: 'template',
      template: { useCase: 'use-case-4', option: 3 },
      site: { id: 'imp-bad', name: 'Bad option' },
    }).catch((e: unknown) => e);
    expect((option as InvalidRequestError).issues?.map((i) => i.path)).toEqual(['template.option']);
    expect(await itemsOf('imp-bad')).toEqual([]);
  });

  it('an id the organisation has already is a conflict, and nothing is written', async () => {
    await registerSite({ repos: forOrg(ORG, fleet), clock }, aSite({ id: 'taken', name: 'Registered' }));
    const before = JSON.stringify(await itemsOf('taken'));
    const again = { from: 'import', site: { ...imported('taken'), name: 'Overwrite?' } };
    await expect(createSite(ctx(), again)).rejects.toBeInstanceOf(ConflictError);
    await expect(createSite(ctx(), { from: 'import', site: imported('imp-1') })).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(JSON.stringify(await itemsOf('taken'))).toBe(before);
    // The same id in another organisation is that organisation's own site.
    const other = { repos: forOrg('org-other', fleet), clock, principal: aUser('org-other', 'org-admin') };
    await expect(createSite(other, { from: 'import', site: imported('taken') })).resolves.toMatchObject({
      siteId: 'taken',
    });
  });

  it('needs sites:create: a viewer and a read key are refused, a configuration key may', async () => {
    const input = { from: 'template', template: { useCase: 'use-case-2' }, site: { id: 'k-1', name: 'K' } };
    await expect(createSite(ctx(aUser(ORG, 'viewer')), input)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createSite(ctx(anApiKey(ORG, ['read'])), input)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createSite(ctx(anApiKey(ORG, ['configuration'])), input)).resolves.toMatchObject({
      siteId: 'k-1',
    });
  });
});
