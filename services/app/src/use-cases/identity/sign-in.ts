import { Email } from '@ampfleet/domain';
import { z } from 'zod';
import { recordAudit } from '../../access';
import { InvalidRequestError, RateLimitedError } from '../../errors';
import { authenticateSession, subjectOf } from './authenticate';
import {
  SIGN_IN_FAILURES_PER_CLIENT,
  SIGN_IN_FAILURES_PER_EMAIL,
  SIGN_IN_WINDOW_S,
  type IdentityContext,
} from './ports';

export const SignInInput = z.object({
  email: Email,
  password: z.string().min(1, 'enter your password').max(256),
});

export type SignInOutcome =
  | { kind: 'signed-in'; idToken: string; expiresInS: number }
  | { kind: 'new-password-required'; session: string; email: string }
  | { kind: 'refused' };

const epochS = (d: Date) => Math.floor(d.getTime() / 1000);

async function guard(ctx: IdentityContext, email: string, client: string) {
  const now = epochS(ctx.clock.now());
  const [byEmail, byClient] = await Promise.all([
    ctx.directory.peekRate(subjectOf('SIGNIN-EMAIL', email), SIGN_IN_WINDOW_S, now),
    ctx.directory.peekRate(subjectOf('SIGNIN-CLIENT', client), SIGN_IN_WINDOW_S, now),
  ]);
  const blocked = [
    byEmail.count >= SIGN_IN_FAILURES_PER_EMAIL ? byEmail : undefined,
    byClient.count >= SIGN_IN_FAILURES_PER_CLIENT ? byClient : undefined,
  ].filter((h) => h !== undefined);
  if (blocked.length)
    throw new RateLimitedError(
      'too many failed sign-ins; try again later',
      Math.max(...blocked.map((h) => h.retryAfterS)),
    );
}

async function countFailure(ctx: IdentityContext, email: string, client: string) {
  const now = epochS(ctx.clock.now());
  await Promise.all([
    ctx.directory.hitRate(subjectOf('SIGNIN-EMAIL', email), SIGN_IN_WINDOW_S, now),
    ctx.directory.hitRate(subjectOf('SIGNIN-CLIENT', client), SIGN_IN_WINDOW_S, now),
  ]);
}

async function finish(
  ctx: IdentityContext,
  result: Awaited<ReturnType<IdentityContext['provider']['signIn']>>,
  email: string,
  client: string,
): Promise<SignInOutcome> {
  if (result.kind === 'new-password-required') return { ...result, email };
  const principal = result.kind === 'signed-in' ? await authenticateSession(ctx, result.idToken) : undefined;
  // A valid password of someone who is no longer a member of any organisation is refused like a wrong one.
  if (result.kind !== 'signed-in' || !principal) {
    await countFailure(ctx, email, client);
    return { kind: 'refused' };
  }
  await recordAudit(
    { principal, repos: ctx.reposFor(principal.orgId), clock: ctx.clock },
    { action: 'auth.sign-in' },
  );
  return result;
}

/**
 * Password sign-in. Failed attempts are counted per e-mail and per client address (shared by every
 * instance, in the table); past the limit the answer is 429 whether or not the user exists.
 */
export async function signIn(
  ctx: IdentityContext,
  input: { email: string; password: string; client: string },
): Promise<SignInOutcome> {
  const parsed = SignInInput.safeParse(input);
  if (!parsed.success)
    throw new InvalidRequestError(
      'enter an e-mail address and a password',
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  const { email, password } = parsed.data;
  await guard(ctx, email, input.client);
  return finish(ctx, await ctx.provider.signIn(email, password), email, input.client);
}

export const NewPasswordInput = z.object({
  email: Email,
  session: z.string().min(1).max(4096),
  newPassword: z
    .string()
    .min(12, 'at least 12 characters')
    .max(256)
    .regex(/[a-z]/, 'a lower-case letter')
    .regex(/[A-Z]/, 'an upper-case letter')
    .regex(/[0-9]/, 'a digit'),
});

/** First sign-in of an invited person: replaces the temporary password. */
export async function completeNewPassword(
  ctx: IdentityContext,
  input: { email: string; session: string; newPassword: string; client: string },
): Promise<SignInOutcome> {
  const parsed = NewPasswordInput.safeParse(input);
  if (!parsed.success)
    throw new InvalidRequestError(
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  const { email, session, newPassword } = parsed.data;
  await guard(ctx, email, input.client);
  return finish(
    ctx,
    await ctx.provider.completeNewPassword(email, session, newPassword),
    email,
    input.client,
  );
}
