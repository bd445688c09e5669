import { createHash } from 'node:crypto';
import { parseApiKey, type Principal } from '@ampfleet/domain';
import { RateLimitedError, UnauthenticatedError } from '../../errors';
import { API_KEY_RATE_WINDOW_S, type IdentityContext } from './ports';

const epochS = (d: Date) => Math.floor(d.getTime() / 1000);

/**
 * `Authorization: Bearer amp_…` → the key's principal. A missing, malformed, unknown, revoked or wrong key
 * is one answer (401); a key past its per-minute rate is 429 with the seconds until its window ends.
 */
export async function authenticateApiKey(
  ctx: Pick<IdentityContext, 'directory' | 'clock'>,
  authorization: string,
): Promise<Principal> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  const presented = m ? parseApiKey(m[1] as string) : undefined;
  const key = presented ? await ctx.directory.verifyApiKey(presented.keyId, presented.secret) : undefined;
  if (!key) throw new UnauthenticatedError('invalid API key');
  const hit = await ctx.directory.hitRate(`KEY#${key.keyId}`, API_KEY_RATE_WINDOW_S, epochS(ctx.clock.now()));
  if (hit.count > key.ratePerMinute)
    throw new RateLimitedError(
      `rate limit of ${key.ratePerMinute} requests per minute reached`,
      hit.retryAfterS,
    );
  return { kind: 'apiKey', orgId: key.orgId, keyId: key.keyId, scopes: key.scopes };
}

/** A session's id token → the person's principal, or undefined (expired, forged, another pool, no longer a member). */
export async function authenticateSession(
  ctx: Pick<IdentityContext, 'directory' | 'verifier'>,
  idToken: string,
): Promise<Principal | undefined> {
  const identity = await ctx.verifier.verify(idToken);
  if (!identity) return undefined;
  // Role and sites come from the member record, so an admin's change applies on the next request.
  const member = await ctx.directory.memberOf(identity.orgId, identity.userId);
  if (!member) return undefined;
  return {
    kind: 'user',
    orgId: identity.orgId,
    userId: identity.userId,
    email: member.email,
    role: member.role,
    siteIds: member.siteIds,
  };
}

/** Rate-limit subjects never hold the address itself. */
export const subjectOf = (kind: string, value: string) =>
  `${kind}#${createHash('sha256').update(value.trim().toLowerCase()).digest('base64url').slice(0, 22)}`;
