import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import type { Principal } from '@ampfleet/domain';
import { principalOfSession, SESSION_COOKIE } from './session';

/** The signed-in person of the page being rendered (server components), or undefined. */
export async function currentPrincipal(): Promise<Principal | undefined> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return token ? principalOfSession(`${SESSION_COOKIE}=${token}`) : undefined;
}

/** The signed-in person, or off to the sign-in page (an expired or foreign token counts as none). */
export async function requirePrincipal(next?: string): Promise<Principal> {
  const principal = await currentPrincipal();
  if (!principal) redirect(next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in');
  return principal;
}
