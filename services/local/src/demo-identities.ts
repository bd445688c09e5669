import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { IdentityProvider, OrgRepositories } from '@ampfleet/adapters';
import type { ApiKeyScope, Role, Site } from '@ampfleet/domain';
import { loadDemoSite } from './demo-fleet';

// The demo organisation's people, one per role, and one partner API key (issue #11 point 8), plus a
// second organisation with one site so that isolation can be seen. Passwords and the key are new on every
// start (nothing well-known to guess) and printed once: `demo <role>: <email> <password>`.

export const SECOND_ORG_ID = 'stadtwerke-nord';
const SECOND_ORG_DIR = fileURLToPath(new URL('../demo-orgs/stadtwerke-nord/', import.meta.url));

export function secondOrgSites(): Site[] {
  return readdirSync(SECOND_ORG_DIR)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => loadDemoSite(`${SECOND_ORG_DIR}${n}`));
}

export interface DemoIdentity {
  role: Role;
  email: string;
  password: string;
  orgId: string;
}

export const DEMO_KEY_NAME = 'demo partner key';
const DEMO_KEY_SCOPES: ApiKeyScope[] = ['read', 'commands', 'configuration'];

/** A password Cognito's default policy accepts: upper, lower, digit, symbol, 16+ characters. */
const newPassword = () => `Demo-${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}7q`;

async function ensurePerson(
  provider: IdentityProvider,
  repos: OrgRepositories,
  person: { email: string; role: Role; siteIds: string[] },
  now: string,
): Promise<DemoIdentity> {
  const password = newPassword();
  const userId =
    (await provider.subjectOf(person.email)) ??
    (await provider.createUser(person.email, repos.orgId, password));
  await provider.setPermanentPassword(person.email, password);
  const member = { userId, email: person.email, role: person.role, siteIds: person.siteIds };
  const added = await repos.members.add({ ...member, invitedAt: now, invitedBy: 'npm start' });
  if (!added) await repos.members.update(member);
  return { role: person.role, email: person.email, password, orgId: repos.orgId };
}

/**
 * The demo organisation's four people (the site owner owns `ownerSiteId`), the second organisation's
 * admin, and a fresh partner key for the demo organisation (earlier demo keys are revoked).
 */
export async function ensureDemoIdentities(options: {
  provider: IdentityProvider;
  demo: OrgRepositories;
  second: OrgRepositories;
  ownerSiteId: string;
  now: Date;
}): Promise<{ people: DemoIdentity[]; apiKey: string }> {
  const { provider, demo, second } = options;
  const now = options.now.toISOString();
  const people: DemoIdentity[] = [];
  const plan: { email: string; role: Role; siteIds: string[] }[] = [
    { email: 'admin@demo.ampfleet.test', role: 'org-admin', siteIds: [] },
    { email: 'fleet@demo.ampfleet.test', role: 'fleet-manager', siteIds: [] },
    { email: 'owner@demo.ampfleet.test', role: 'site-owner', siteIds: [options.ownerSiteId] },
    { email: 'viewer@demo.ampfleet.test', role: 'viewer', siteIds: [] },
  ];
  for (const person of plan) people.push(await ensurePerson(provider, demo, person, now));
  people.push(
    await ensurePerson(
      provider,
      second,
      { email: 'admin@stadtwerke-nord.test', role: 'org-admin', siteIds: [] },
      now,
    ),
  );
  for (const key of await demo.apiKeys.list())
    if (key.name === DEMO_KEY_NAME && !key.revokedAt) await demo.apiKeys.revoke(key.keyId, now);
  const { key } = await demo.apiKeys.create({
    name: DEMO_KEY_NAME,
    scopes: DEMO_KEY_SCOPES,
    ratePerMinute: 600,
    createdAt: now,
    createdBy: 'npm start',
  });
  return { people, apiKey: key };
}
