import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { forOrg, type FleetStore } from '@ampfleet/adapters';
import { ingestTelemetry } from '@ampfleet/app';
import { aUser, COMMAND_SCHEMA_VERSION, type Principal } from '@ampfleet/domain';
import { startBroker, type Broker } from '@ampfleet/local';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aBoot } from '../../../test/support/builders';
import { startTestStore, useStoreEnv, type TestStore } from '../../../test/support/dynamo';
import {
  CALLERS,
  ECU_OPERATOR_PASSWORD,
  FOREIGN_SITE,
  OCPP_BASIC_PASSWORD,
  ORG_A,
  ORG_B,
  OTHER_SITE,
  OWN_SITE,
  seedTenancy,
  startTestCognito,
  type TestCognito,
} from '../../../test/support/identity';
import { contextFor, createCallerFactory } from '../trpc';
import { appRouter } from './_app';

// The tenancy and role matrix (issue #11 point 3), generated from the router: every procedure × every
// caller (no one, each role, each API key scope) × (own site, another site of the same organisation, a site
// of another organisation) is allowed or denied exactly as the table says. A procedure the table does not
// name fails the test, so a new procedure cannot ship without its row.

type Caller = keyof typeof CALLERS;
const STAFF: Caller[] = ['org-admin', 'fleet-manager'];
const READERS: Caller[] = ['org-admin', 'fleet-manager', 'site-owner', 'viewer', 'key:read'];

interface Row {
  /** Site procedures are tried on each of the three sites; organisation procedures once. */
  site: boolean;
  allowed: Caller[];
  input: (siteId: string) => unknown;
}

let fleet: FleetStore;
/** A valid save: the site's head as stored (secrets left out, so kept) on its current version. */
async function saveInput(siteId: string) {
  const head = await forOrg(siteId === FOREIGN_SITE ? ORG_B : ORG_A, fleet).desiredConfig.get(siteId);
  return { siteId, baseVersion: head?.version ?? 1, site: head?.site, comment: 'matrix' };
}

/** A valid preview: the head as the draft. */
async function previewInput(siteId: string) {
  const { comment: _comment, ...draft } = await saveInput(siteId);
  return draft;
}
/** A valid revert: version 1's content saved on the site's current version. */
async function revertInput(siteId: string) {
  const { baseVersion } = await saveInput(siteId);
  return { siteId, baseVersion, toVersion: 1 };
}

const COMMAND_ID = '7f1c2e2a-5a4b-4c1e-9d1f-0a0b0c0d0e0f';
const cmdInput = (siteId: string) => ({ siteId, commandId: COMMAND_ID });
let inviteCount = 0;
let createCount = 0;
const newSiteInput = () => ({
  from: 'template',
  template: { useCase: 'use-case-1' },
  site: { id: `matrix-new-${++createCount}`, name: 'Matrix' },
});
const ROLLOUT_ID = '5e0c4f8a-1b2d-4c3e-8f9a-0b1c2d3e4f50';
const rolloutDryRun = (siteId: string) => ({
  siteIds: [siteId],
  change: { kind: 'parameter', param: 'dlmSampleRate', value: 20 },
  dryRun: true,
});

const MATRIX: Record<string, Row> = {
  'session.me': {
    site: false,
    allowed: Object.keys(CALLERS).filter((c) => c !== 'anonymous'),
    input: () => undefined,
  },
  'fleet.overview': {
    site: false,
    allowed: ['org-admin', 'fleet-manager', 'viewer', 'key:read'],
    input: () => undefined,
  },
  'sites.list': { site: false, allowed: READERS, input: () => ({ limit: 5 }) },
  'sites.export': {
    site: false,
    allowed: ['org-admin', 'fleet-manager', 'viewer', 'key:read'],
    input: () => ({ rule: 'dlm.master-count' }),
  },
  'sites.get': { site: true, allowed: READERS, input: (siteId) => ({ siteId }) },
  'transactions.list': { site: true, allowed: READERS, input: (siteId) => ({ siteId }) },
  'load.get': { site: true, allowed: READERS, input: (siteId) => ({ siteId }) },
  'load.history': { site: true, allowed: READERS, input: (siteId) => ({ siteId, range: '24h' }) },
  'load.setLimits': {
    site: true,
    allowed: [...STAFF, 'key:commands'],
    input: (siteId) => ({ siteId, limits: {} }),
  },
  'load.setSchedule': {
    site: true,
    allowed: [...STAFF, 'key:commands'],
    input: (siteId) => ({ siteId, schedule: { entries: [] } }),
  },
  'load.dim': {
    site: true,
    allowed: [...STAFF, 'key:commands'],
    input: (siteId) => ({ siteId, action: 'end' }),
  },
  'load.setPeakCap': {
    site: true,
    allowed: [...STAFF, 'key:commands'],
    input: (siteId) => ({ siteId, peakCapKw: null }),
  },
  'load.simulate': {
    site: true,
    allowed: READERS,
    input: (siteId) => ({ siteId, additionalChargePoints: 1, chunk: 0 }),
  },
  'commands.get': { site: true, allowed: READERS, input: cmdInput },
  'commands.list': { site: true, allowed: READERS, input: (siteId) => ({ siteId }) },
  'commands.send': {
    site: true,
    allowed: [...STAFF, 'key:commands'],
    input: (siteId) => ({
      siteId,
      chargePointId: `${siteId}-st-cp1`,
      command: { kind: 'getConfiguration' },
      deadlineS: 60,
    }),
  },
  'dashboard.get': { site: true, allowed: READERS, input: (siteId) => ({ siteId }) },
  'dashboard.pause': {
    site: true,
    allowed: [...STAFF, 'site-owner', 'key:commands'],
    input: (siteId) => ({ siteId, chargePointId: `${siteId}-st-cp1` }),
  },
  'dashboard.resume': {
    site: true,
    allowed: [...STAFF, 'site-owner', 'key:commands'],
    input: (siteId) => ({ siteId, chargePointId: `${siteId}-st-cp1` }),
  },
  'users.list': { site: false, allowed: ['org-admin'], input: () => undefined },
  'users.invite': {
    site: false,
    allowed: ['org-admin'],
    input: () => ({ email: `invitee-${++inviteCount}@org-a.test`, role: 'viewer' }),
  },
  'users.update': {
    site: false,
    allowed: ['org-admin'],
    input: () => ({ userId: 'nobody', role: 'viewer' }),
  },
  'users.remove': { site: false, allowed: ['org-admin'], input: () => ({ userId: 'nobody' }) },
  'apiKeys.list': { site: false, allowed: ['org-admin'], input: () => undefined },
  'apiKeys.create': {
    site: false,
    allowed: ['org-admin'],
    input: () => ({ name: 'matrix', scopes: ['read'] }),
  },
  'apiKeys.revoke': { site: false, allowed: ['org-admin'], input: () => ({ keyId: 'nonexistent0' }) },
  'auditTrail.list': { site: false, allowed: ['org-admin'], input: () => ({}) },
  'auditTrail.export': { site: false, allowed: ['org-admin'], input: () => ({}) },
  'config.get': { site: true, allowed: READERS, input: (siteId) => ({ siteId }) },
  'config.history': { site: true, allowed: READERS, input: (siteId) => ({ siteId }) },
  'config.diff': { site: true, allowed: READERS, input: (siteId) => ({ siteId, from: 1, to: 1 }) },
  'config.save': { site: true, allowed: [...STAFF, 'key:configuration'], input: saveInput },
  'config.preview': { site: true, allowed: READERS, input: previewInput },
  'config.revert': { site: true, allowed: [...STAFF, 'key:configuration'], input: revertInput },
  'audit.findings': { site: true, allowed: READERS, input: (siteId) => ({ siteId }) },
  'audit.fleet': {
    site: false,
    allowed: ['org-admin', 'fleet-manager', 'viewer', 'key:read'],
    input: () => undefined,
  },
  'drift.get': { site: true, allowed: READERS, input: (siteId) => ({ siteId }) },
  'sites.create': { site: false, allowed: [...STAFF, 'key:configuration'], input: newSiteInput },
  'sites.commissioning': { site: true, allowed: READERS, input: (siteId) => ({ siteId }) },
  // Issues the box's credentials (a rotation): organisation admins only, never a key.
  'sites.provision': { site: true, allowed: ['org-admin'], input: (siteId) => ({ siteId }) },
  'drift.applyDesired': {
    site: true,
    allowed: [...STAFF, 'key:configuration'],
    input: (siteId) => ({ siteId }),
  },
  'drift.applyStatus': {
    site: true,
    allowed: [...STAFF, 'key:configuration'],
    input: (siteId) => ({ siteId }),
  },
  'rollouts.create': { site: false, allowed: [...STAFF, 'key:configuration'], input: rolloutDryRun },
  'rollouts.get': {
    site: false,
    allowed: [...STAFF, 'key:configuration'],
    input: () => ({ rolloutId: ROLLOUT_ID }),
  },
  'rollouts.list': { site: false, allowed: [...STAFF, 'key:configuration'], input: () => ({}) },
  'rollouts.pause': {
    site: false,
    allowed: [...STAFF, 'key:configuration'],
    input: () => ({ rolloutId: ROLLOUT_ID }),
  },
  'rollouts.resume': {
    site: false,
    allowed: [...STAFF, 'key:configuration'],
    input: () => ({ rolloutId: ROLLOUT_ID }),
  },
  'rollouts.cancel': {
    site: false,
    allowed: [...STAFF, 'key:configuration'],
    input: () => ({ rolloutId: ROLLOUT_ID }),
  },
};

const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>,
);

async function call(principal: Principal | undefined, path: string, input: unknown) {
  const caller = createCallerFactory(appRouter)(contextFor(principal)) as unknown as Record<
    string,
    Record<string, (input: unknown) => Promise<unknown>>
  >;
  const [ns, name] = path.split('.') as [string, string];
  const fn = caller[ns]?.[name];
  if (!fn) throw new Error(`no procedure ${path}`);
  try {
    return { ok: true as const, value: await fn(input) };
  } catch (err) {
    if (err instanceof TRPCError) return { ok: false as const, code: err.code, message: err.message };
    throw err;
  }
}

let store: TestStore;
let cognito: TestCognito;
let broker: Broker;
let caDir: string;

beforeAll(async () => {
  [store, cognito, broker] = await Promise.all([
    startTestStore('ampfleet-matrix'),
    startTestCognito(),
    startBroker(0),
  ]);
  useStoreEnv(store);
  process.env.AMPFLEET_MQTT_URL = broker.url;
  caDir = await mkdtemp(join(os.tmpdir(), 'ampfleet-matrix-ca-'));
  process.env.AMPFLEET_LOCAL_CA_DIR = caDir; // sites.provision's local CA
  fleet = { doc: store.clients.doc, table: store.table };
  await seedTenancy(fleet);
  const clock = { now: () => new Date() };
  for (const [org, siteId] of [
    [ORG_A, OWN_SITE],
    [ORG_A, OTHER_SITE],
    [ORG_B, FOREIGN_SITE],
  ] as const) {
    const repos = forOrg(org, fleet);
    const chargePointId = `${siteId}-st-cp1`;
    await ingestTelemetry({ repos, clock }, { siteId, message: aBoot({ chargePointId }) });
    const now = new Date();
    await repos.commands.create(
      siteId,
      {
        v: COMMAND_SCHEMA_VERSION,
        kind: 'getConfiguration',
        commandId: COMMAND_ID,
        chargePointId,
        issuedAt: now.toISOString(),
        deadline: new Date(now.getTime() + 60_000).toISOString(),
      },
      Math.floor(now.getTime() / 1000),
    );
  }
}, 120_000);

afterAll(async () => {
  await Promise.all([store?.stop(), cognito?.stop(), broker?.close()]);
  if (caDir) await rm(caDir, { recursive: true, force: true });
});

describe('the access matrix', () => {
  it('names every procedure of the router, and nothing else', () => {
    expect(procedures.map(([path]) => path).sort()).toEqual(Object.keys(MATRIX).sort());
  });

  const targets = [
    ['own site', OWN_SITE],
    ['another site of the organisation', OTHER_SITE],
    ['a site of another organisation', FOREIGN_SITE],
  ] as const;

  for (const [path, row] of Object.entries(MATRIX)) {
    it(`${path}: allowed exactly for ${row.allowed.join(', ')}`, async () => {
      const outcomes: string[] = [];
      const expected: string[] = [];
      for (const caller of Object.keys(CALLERS)) {
        const principal = CALLERS[caller];
        const cases = row.site ? targets : ([['organisation', OWN_SITE]] as const);
        for (const [label, siteId] of cases) {
          let allow = row.allowed.includes(caller);
          if (row.site && siteId === FOREIGN_SITE) allow = false;
          if (row.site && siteId === OTHER_SITE && caller === 'site-owner') allow = false;
          const r = await call(principal, path, await row.input(siteId));
          // Allowed: site procedures succeed (their inputs name things that exist); organisation procedures
          // may still find nothing (NOT_FOUND) or conflict, but are never refused.
          const refused = !r.ok && ['UNAUTHORIZED', 'FORBIDDEN'].includes(r.code);
          const denied = row.site ? !r.ok && (refused || r.code === 'NOT_FOUND') : refused;
          const unexpected = !r.ok && !denied && row.site;
          outcomes.push(
            `${caller} @ ${label}: ${denied ? 'denied' : unexpected ? `error ${r.ok ? '' : `${r.code} ${r.message.slice(0, 120)}`}` : 'allowed'}`,
          );
          expected.push(`${caller} @ ${label}: ${allow ? 'allowed' : 'denied'}`);
          if (caller === 'anonymous') expect(r.ok ? 'ok' : r.code).toBe('UNAUTHORIZED');
        }
      }
      expect(outcomes).toEqual(expected);
    });
  }
});

describe('no secret in any answer', () => {
  it('walks every query as an org admin and as a read key over seeded data: no password, key, hash or token', async () => {
    const admin = aUser(ORG_A, 'org-admin');
    const created = await call(admin, 'apiKeys.create', { name: 'walk', scopes: ['read'] });
    if (!created.ok) throw new Error(created.message);
    const key = (created.value as { key: string }).key;
    const secret = key.split('_').slice(2).join('_');
    const hash = createHash('sha256').update(secret).digest('hex');
    const secrets = [ECU_OPERATOR_PASSWORD, OCPP_BASIC_PASSWORD, key, secret, hash];
    let walked = 0;
    for (const principal of [admin, CALLERS['key:read']]) {
      for (const [path, def] of procedures) {
        if (def._def.type !== 'query') continue;
        const row = MATRIX[path];
        if (!row) continue;
        for (const siteId of [OWN_SITE, OTHER_SITE]) {
          const r = await call(principal, path, await row.input(siteId));
          const text = JSON.stringify(r);
          for (const s of secrets) expect(text, `${path} returned a secret`).not.toContain(s);
          walked += 1;
        }
      }
    }
    expect(walked).toBeGreaterThan(10);
  });
});
