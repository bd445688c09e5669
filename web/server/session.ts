import { authenticateSession } from '@ampfleet/app';
import type { Principal } from '@ampfleet/domain';
import { identityContext } from './identity';

// The console's session: the identity provider's id token in a Secure, httpOnly, SameSite=Strict cookie
// (`__Host-` prefix: no Domain, Path=/, only over a secure origin — loopback counts as one).

export const SESSION_COOKIE = '__Host-ampfleet-session';

export function sessionCookie(idToken: string, maxAgeS: number): string {
  return `${SESSION_COOKIE}=${idToken}; Path=/; Max-Age=${Math.max(0, Math.floor(maxAgeS))}; HttpOnly; Secure; SameSite=Strict`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict`;
}

export function sessionTokenOf(cookieHeader: string | null | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

/** The signed-in person of a request, or undefined (no cookie, expired, forged, no longer a member). */
export async function principalOfSession(
  cookieHeader: string | null | undefined,
): Promise<Principal | undefined> {
  const token = sessionTokenOf(cookieHeader);
  return token ? authenticateSession(identityContext(), token) : undefined;
}

/**
 * Cross-site request forgery guard for cookie-authenticated writes: the browser says where the request
 * comes from (Sec-Fetch-Site, or Origin), and it must be this console. SameSite=Strict is the first layer.
 */
export function isSameOrigin(req: Request): boolean {
  const site = req.headers.get('sec-fetch-site');
  if (site) return site === 'same-origin';
  const origin = req.headers.get('origin');
  if (!origin) return false;
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
