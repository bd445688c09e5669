import { cognitoIdentityProvider, forOrg, type FleetStore } from '@ampfleet/adapters';
import { registerSite } from '@ampfleet/app';
import { aSite, aUser, anAmtron, anApiKey, type Principal, type Site } from '@ampfleet/domain';
import { startCognitoLocal, type CognitoLocal } from '@ampfleet/local';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

// A tenancy fixture: organisation A with two sites (the site owner owns the first), organisation B with
// one site, each ECU with operator credentials and an OCPP Basic-auth password (secrets that must never
// come back), and a cognito-local user pool for the procedures that manage people.

export const ORG_A = 'org-a';
export const ORG_B = 'org-b';
export const OWN_SITE = 'a-own';
export const OTHER_SITE = 'a-other';
export const FOREIGN_SITE = 'b-site';
export const ECU_OPERATOR_PASSWORD = 'Op3r4tor-Secret-xyz';
export const OCPP_BASIC_PASSWORD = 'Basic-Auth-Secret-4242';

function siteWithSecrets(id: string): Site {
  const station = anAmtron({ id: `${id}-st`, config: { httpBasicAuthPassword: OCPP_BASIC_PASSWORD } });
  return aSite({
    id,
    name: `Site ${id}`,
    stations: [
      {
        ...station,
        ecus: station.ecus.map((ecu) => ({
          ...ecu,
          credentials: { user: 'operator', password: ECU_OPERATOR_PASSWORD },
        })),
      },
    ],
  });
}

export async function seedTenancy(store: FleetStore): Promise<void> {
  for (const [org, id] of [
    [ORG_A, OWN_SITE],
    [ORG_A, OTHER_SITE],
    [ORG_B, FOREIGN_SITE],
  ] as const)
    await registerSite({ repos: forOrg(org, store) }, siteWithSecrets(id));
}

/** Every kind of caller of organisation A the matrix knows. */
export const CALLERS: Record<string, Principal | undefined> = {
  anonymous: undefined,
  'org-admin': aUser(ORG_A, 'org-admin'),
  'fleet-manager': aUser(ORG_A, 'fleet-manager'),
  'site-owner': aUser(ORG_A, 'site-owner', [OWN_SITE]),
  viewer: aUser(ORG_A, 'viewer'),
  'key:read': anApiKey(ORG_A, ['read']),
  'key:commands': anApiKey(ORG_A, ['commands']),
  'key:configuration': anApiKey(ORG_A, ['configuration']),
};

export interface TestCognito {
  cognito: CognitoLocal;
  stop(): Promise<void>;
}

/** cognito-local in a private directory, and the console's identity env pointed at it. */
export async function startTestCognito(): Promise<TestCognito> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-cognito-'));
  const cognito = await startCognitoLocal({ dir, region: 'eu-central-1', quiet: true });
  Object.assign(process.env, cognito.env);
  return {
    cognito,
    async stop() {
      await cognito.child.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export const providerOf = (c: TestCognito) => cognitoIdentityProvider(c.cognito.env);
