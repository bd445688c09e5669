import { forOrg } from '@ampfleet/adapters';
import { registerSite } from '@ampfleet/app';
import { aSite, aUser, anApiKey, type Principal } from '@ampfleet/domain';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStore, useStoreEnv, type TestStore } from '../../../../test/support/dynamo';
import { contextFor, createCallerFactory } from '../../trpc';
import { appRouter } from '../_app';

// config.* through the router: a bad site is a 4xx naming the field with nothing saved; a stale base is
// CONFLICT; a partner key with the 'configuration' scope saves under its own name.
let store: TestStore;
const caller = (principal: Principal = aUser('org-a')) =>
  createCallerFactory(appRouter)(contextFor(principal));

beforeAll(async () => {
  store = await startTestStore('ampfleet-config-router');
  useStoreEnv(store);
  await registerSite(
    { repos: forOrg('org-a', { doc: store.clients.doc, table: store.table }) },
    aSite({ id: 'cfg-site' }),
  );
});
afterAll(() => store.stop());

async function codeOf(promise: Promise<unknown>) {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TRPCError);
  return { code: (err as TRPCError).code, message: (err as TRPCError).message };
}

describe('config.save through the router', () => {
  it('refuses {"stations":"nonsense"} as BAD_REQUEST naming stations; config.get is unchanged', async () => {
    const before = await caller().config.get({ siteId: 'cfg-site' });
    const refused = await codeOf(
      caller().config.save({ siteId: 'cfg-site', baseVersion: 1, site: { stations: 'nonsense' } }),
    );
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toContain('stations');
    expect(await caller().config.get({ siteId: 'cfg-site' })).toEqual(before);
    expect((await caller().config.history({ siteId: 'cfg-site' })).versions).toHaveLength(1);
  });

  it('saves as a configuration key, then refuses the same base as CONFLICT', async () => {
    const key = anApiKey('org-a', ['configuration']);
    const { site } = await caller().config.get({ siteId: 'cfg-site' });
    const saved = await caller(key).config.save({
      siteId: 'cfg-site',
      baseVersion: 1,
      site: { ...site, name: 'Depot' },
      comment: 'rename',
    });
    expect(saved.version).toBe(2);
    const stale = await codeOf(
      caller(key).config.save({ siteId: 'cfg-site', baseVersion: 1, site: { ...site, name: 'Again' } }),
    );
    expect(stale.code).toBe('CONFLICT');
    const head = await caller().config.get({ siteId: 'cfg-site' });
    expect(head).toMatchObject({ version: 2, savedBy: `API key ${key.keyId}`, comment: 'rename' });
    expect(head.site.name).toBe('Depot');
    const diff = await caller().config.diff({ siteId: 'cfg-site', from: 1, to: 2 });
    expect(diff.changes).toEqual([{ path: 'name', kind: 'changed', from: site.name, to: 'Depot' }]);
  });
});
