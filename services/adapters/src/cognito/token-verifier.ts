import { JwtRsaVerifier } from 'aws-jwt-verify';
import type { IdentityProviderEnv } from './identity-provider';

// Verifies the id tokens the identity provider issued: RS256 signature against the pool's JWKS, issuer
// (a token of another user pool is refused), audience (our app client), expiry, and token_use = id.
// JwtRsaVerifier rather than CognitoJwtVerifier because the latter refuses cognito-local's pool ids and an
// http JWKS; for an http issuer (cognito-local on loopback) the JWKS is fetched once and cached, in AWS the
// verifier fetches the https JWKS itself — one verification path for both (see ../shared/STACK.md).

export interface VerifiedIdentity {
  userId: string;
  email: string;
  orgId: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

export interface TokenVerifier {
  verify(idToken: string): Promise<VerifiedIdentity | undefined>;
}

export function cognitoTokenVerifier(env: IdentityProviderEnv): TokenVerifier {
  const issuer = env.AMPFLEET_COGNITO_ISSUER.replace(/\/$/, '');
  const jwksUri = `${issuer}/.well-known/jwks.json`;
  const verifier = JwtRsaVerifier.create({
    issuer,
    audience: env.AMPFLEET_COGNITO_CLIENT_ID,
    jwksUri,
    customJwtCheck: ({ payload }) => {
      if (payload.token_use !== 'id') throw new Error('not an id token');
    },
  });
  let jwksLoaded: Promise<void> | undefined;
  const loadHttpJwks = () => {
    jwksLoaded ??= fetch(jwksUri)
      .then(async (res) => {
        if (!res.ok) throw new Error(`JWKS ${jwksUri}: HTTP ${res.status}`);
        verifier.cacheJwks((await res.json()) as Parameters<typeof verifier.cacheJwks>[0]);
      })
      .catch((err: unknown) => {
        jwksLoaded = undefined; // try again on the next request
        throw err;
      });
    return jwksLoaded;
  };
  return {
    async verify(idToken) {
      if (issuer.startsWith('http://')) await loadHttpJwks();
      try {
        const payload = await verifier.verify(idToken);
        const { sub, email } = payload;
        const orgId = payload['custom:org'];
        if (typeof sub !== 'string' || typeof email !== 'string' || typeof orgId !== 'string')
          return undefined;
        return { userId: sub, email, orgId, expiresAt: payload.exp ?? 0 };
      } catch {
        return undefined; // forged, expired, another pool, another client, not an id token: all the same
      }
    },
  };
}
