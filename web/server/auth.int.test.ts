import { createPrivateKey, createSign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import {
  cognitoIdentityProvider,
  cognitoTokenVerifier,
  forOrg,
  identityDirectory,
  type FleetStore,
} from '@ampfleet/adapters';
import {
  authenticateSession,
  RateLimitedError,
  signIn,
  SIGN_IN_FAILURES_PER_EMAIL,
  type IdentityContext,
} from '@ampfleet/app';
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { cognitoAdminClient } from '@ampfleet/local';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStore, useStoreEnv, type TestStore } from '../../test/support/dynamo';
import { startTestCognito, type TestCognito } from '../../test/support/identity';
import { proxy } from '../proxy';
import { SESSION_COOKIE } from './session';
import { createContext } from './trpc';

// Sign-in and session verification against the real stand-ins (cognito-local, DynamoDB Local): a valid
// token makes a principal; a forged, expired or another pool's token, or a non-member, makes none; failed
// sign-ins are limited whether or not the person exists; cookie writes from another site are refused; every
// page carries the security headers.

let store: TestStore;
let cognito: TestCognito;
let ctx: IdentityContext;
const ORG = 'org-auth';
const person = { email: 'manager@org-auth.test', password: 'Right-password-123' };
let clock = { now: () => new Date() };

async function tokenOf(email: string, password: string): Promise<string> {
  const r = await signIn(ctx, { email, password, client: 'test' });
  if (r.kind !== 'signed-in') throw new Error(`sign-in of ${email}: ${r.kind}`);
  return r.idToken;
}

/** A JWT signed with cognito-local's own (published) key: a valid signature with claims we choose. */
async function signedWithLocalKey(claims: Record<string, unknown>): Promise<string> {
  const file = createRequire(import.meta.url).resolve('cognito-local/lib/keys/cognitoLocal.private.json');
  const { jwk } = JSON.parse(await readFile(file, 'utf8')) as { jwk: Record<string, string> };
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'CognitoLocal' })}.${b64(claims)}`;
  const signature = createSign('RSA-SHA256')
    .update(body)
    .sign(createPrivateKey({ key: jwk, format: 'jwk' }));
  return `${body}.${signature.toString('base64url')}`;
}

beforeAll(async () => {
  [store, cognito] = await Promise.all([startTestStore('ampfleet-auth'), startTestCognito()]);
  useStoreEnv(store);
  const fleet: FleetStore = { doc: store.clients.doc, table: store.table };
  const provider = cognitoIdentityProvider(cognito.cognito.env);
  ctx = {
    clock: { now: () => clock.now() },
    directory: identityDirectory(fleet),
    verifier: cognitoTokenVerifier(cognito.cognito.env),
    provider,
    reposFor: (orgId) => forOrg(orgId, fleet),
  };
  const userId = await provider.createUser(person.email, ORG, 'Temp-password-123');
  await provider.setPermanentPassword(person.email, person.password);
  await forOrg(ORG, fleet).members.add({
    userId,
    email: person.email,
    role: 'fleet-manager',
    siteIds: [],
    invitedAt: new Date().toISOString(),
    invitedBy: 'test',
  });
}, 120_000);

afterAll(async () => {
  await Promise.all([store?.stop(), cognito?.stop()]);
});

describe('session tokens', () => {
  it('a valid id token of a member makes the member principal', async () => {
    const principal = await authenticateSession(ctx, await tokenOf(person.email, person.password));
    expect(principal).toMatchObject({ kind: 'user', orgId: ORG, email: person.email, role: 'fleet-manager' });
  });

  it('a forged token (payload changed, signature kept) is refused', async () => {
    const [header, payload, signature] = (await tokenOf(person.email, person.password)).split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, 'custom:org': 'another-org' })).toString(
      'base64url',
    );
    expect(await authenticateSession(ctx, `${header}.${forged}.${signature}`)).toBeUndefined();
    expect(await authenticateSession(ctx, 'not.a.token')).toBeUndefined();
  });

  it('an expired token is refused, though its signature is valid', async () => {
    const [, payload] = (await tokenOf(person.email, person.password)).split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, number>;
    const expired = await signedWithLocalKey({ ...claims, iat: claims.iat! - 7200, exp: claims.iat! - 3600 });
    const fresh = await signedWithLocalKey(claims);
    expect(await authenticateSession(ctx, fresh)).toBeDefined(); // the same claims, unexpired: accepted
    expect(await authenticateSession(ctx, expired)).toBeUndefined();
  });

  it("another user pool's token is refused (issuer), as is another app client's (audience)", async () => {
    const admin = cognitoAdminClient(cognito.cognito.endpoint, 'eu-central-1');
    const pool = await admin.send(
      new CreateUserPoolCommand({
        PoolName: 'foreign',
        UsernameAttributes: ['email'],
        Schema: [{ Name: 'org', AttributeDataType: 'String', Mutable: false }],
      }),
    );
    const poolId = pool.UserPool?.Id ?? '';
    const client = await admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'x',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
      }),
    );
    const foreign = cognitoIdentityProvider({
      ...cognito.cognito.env,
      AMPFLEET_COGNITO_USER_POOL_ID: poolId,
      AMPFLEET_COGNITO_CLIENT_ID: client.UserPoolClient?.ClientId ?? '',
      AMPFLEET_COGNITO_ISSUER: `${cognito.cognito.endpoint}/${poolId}`,
    });
    await foreign.createUser(person.email, ORG, 'Temp-password-123');
    await foreign.setPermanentPassword(person.email, person.password);
    const r = await foreign.signIn(person.email, person.password);
    if (r.kind !== 'signed-in') throw new Error('foreign sign-in failed');
    expect(await authenticateSession(ctx, r.idToken)).toBeUndefined();
  });
});

describe('failed sign-ins', () => {
  it(`after ${SIGN_IN_FAILURES_PER_EMAIL} failures an address is refused with 429 — even with the right password — and an unknown address alike`, async () => {
    for (const email of ['limited@org-auth.test', person.email]) {
      for (let i = 0; i < SIGN_IN_FAILURES_PER_EMAIL; i += 1)
        expect(await signIn(ctx, { email, password: 'Wrong-password-1', client: `c-${email}` })).toEqual({
          kind: 'refused',
        });
      await expect(
        signIn(ctx, { email, password: person.password, client: `c-${email}` }),
      ).rejects.toBeInstanceOf(RateLimitedError);
    }
    // The window passes: the right password works again.
    const later = new Date(Date.now() + 16 * 60_000);
    clock = { now: () => later };
    expect((await signIn(ctx, { email: person.email, password: person.password, client: 'c2' })).kind).toBe(
      'signed-in',
    );
    clock = { now: () => new Date() };
  });
});

describe('cookies and headers', () => {
  it('a cookie-authenticated write from another site is refused; from the console it passes', async () => {
    // Straight from the identity provider: the address is past its failed-sign-in limit from the test above.
    const r = await ctx.provider.signIn(person.email, person.password);
    if (r.kind !== 'signed-in') throw new Error('sign-in failed');
    const token = r.idToken;
    const post = (headers: Record<string, string>) =>
      createContext({
        req: new Request('http://127.0.0.1:3000/api/trpc/commands.send', {
          method: 'POST',
          headers: { cookie: `${SESSION_COOKIE}=${token}`, host: '127.0.0.1:3000', ...headers },
        }),
        resHeaders: new Headers(),
      });
    const crossSite = await post({ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(crossSite.principal).toBeUndefined();
    expect(crossSite.refusal?.code).toBe('FORBIDDEN');
    expect((await post({})).refusal?.code).toBe('FORBIDDEN'); // no origin at all
    const sameSite = await post({ origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' });
    expect(sameSite.principal?.kind).toBe('user');
  });

  it('every page gets a nonce CSP with frame-ancestors none, and pages need a session', () => {
    const signedIn = proxy(
      new NextRequest('http://127.0.0.1:3000/sites', { headers: { cookie: `${SESSION_COOKIE}=x` } }),
    );
    const csp = signedIn.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(signedIn.headers.get('x-frame-options')).toBe('DENY');
    expect(signedIn.headers.get('x-content-type-options')).toBe('nosniff');
    const anonymous = proxy(new NextRequest('http://127.0.0.1:3000/sites'));
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toContain('/sign-in?next=%2Fsites');
  });
});
