import { cognitoIdentityProvider, cognitoTokenVerifier, forOrg, identityDirectory } from '@ampfleet/adapters';
import type { IdentityContext } from '@ampfleet/app';
import { identityEnv } from './env';
import { fleetStore } from './store';

// Sign-in and authentication, wired once per server process: Cognito (cognito-local when
// AMPFLEET_COGNITO_ENDPOINT is set), the token verifier, and the table's identity directory.

let identity: IdentityContext | undefined;

export function identityContext(): IdentityContext {
  if (!identity) {
    const env = identityEnv();
    identity = {
      clock: { now: () => new Date() },
      directory: identityDirectory(fleetStore()),
      verifier: cognitoTokenVerifier(env),
      provider: cognitoIdentityProvider(env),
      reposFor: (orgId: string) => forOrg(orgId, fleetStore()),
    };
  }
  return identity;
}
