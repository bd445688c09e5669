import {
  completeNewPassword,
  InvalidRequestError,
  RateLimitedError,
  recordAudit,
  signIn,
  type SignInOutcome,
} from '@ampfleet/app';
import { identityContext } from './identity';
import { clearedSessionCookie, isSameOrigin, principalOfSession, sessionCookie } from './session';

// The sign-in, first-password and sign-out endpoints (HTML form posts; JSON for scripts). Every refusal
// reads the same, whether or not the person exists; too many failures answer 429 with Retry-After.

const CHALLENGE_COOKIE = '__Host-ampfleet-challenge';

async function fields(req: Request): Promise<Record<string, string>> {
  const type = req.headers.get('content-type') ?? '';
  if (type.includes('application/json')) {
    const body = (await req.json().catch(() => ({}))) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
  }
  const form = await req.formData().catch(() => new FormData());
  return Object.fromEntries([...form.entries()].map(([k, v]) => [k, typeof v === 'string' ? v : '']));
}

const clientOf = (req: Request) => req.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || 'local';

/** Only a path on this console (no scheme, no //host) may be a redirect target. */
export function safeNext(next: string | undefined): string | undefined {
  return next && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : undefined;
}

function redirect(req: Request, to: string, cookies: string[] = [], status = 303): Response {
  const headers = new Headers({ location: new URL(to, req.url).pathname + new URL(to, req.url).search });
  for (const c of cookies) headers.append('set-cookie', c);
  return new Response(null, { status, headers });
}

function wantsJson(req: Request) {
  return (req.headers.get('accept') ?? '').includes('application/json');
}

function answer(req: Request, outcome: SignInOutcome, next: string | undefined): Response {
  if (outcome.kind === 'signed-in') {
    const cookie = sessionCookie(outcome.idToken, outcome.expiresInS);
    const clear = `${CHALLENGE_COOKIE}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict`;
    if (wantsJson(req))
      return Response.json(
        { ok: true },
        {
          headers: [
            ['set-cookie', cookie],
            ['set-cookie', clear],
          ],
        },
      );
    return redirect(req, next ?? '/', [cookie, clear]);
  }
  if (outcome.kind === 'new-password-required') {
    const challenge = Buffer.from(
      JSON.stringify({ email: outcome.email, session: outcome.session }),
    ).toString('base64url');
    const cookie = `${CHALLENGE_COOKIE}=${challenge}; Path=/; Max-Age=600; HttpOnly; Secure; SameSite=Strict`;
    if (wantsJson(req))
      return Response.json({ newPasswordRequired: true }, { headers: [['set-cookie', cookie]] });
    return redirect(req, `/sign-in/new-password${next ? `?next=${encodeURIComponent(next)}` : ''}`, [cookie]);
  }
  if (wantsJson(req)) return Response.json({ error: 'refused' }, { status: 401 });
  return redirect(req, `/sign-in?error=refused${next ? `&next=${encodeURIComponent(next)}` : ''}`);
}

function failure(req: Request, err: unknown, page: string): Response {
  if (err instanceof RateLimitedError) {
    const headers = { 'retry-after': String(err.retryAfterS) };
    if (wantsJson(req))
      return Response.json({ error: 'rate-limited', retryAfterS: err.retryAfterS }, { status: 429, headers });
    return new Response(null, {
      status: 303,
      headers: { ...headers, location: `${page}?error=rate&retry=${err.retryAfterS}` },
    });
  }
  if (err instanceof InvalidRequestError) {
    if (wantsJson(req)) return Response.json({ error: 'invalid', issues: err.issues }, { status: 400 });
    return redirect(req, `${page}?error=invalid&detail=${encodeURIComponent(err.message)}`);
  }
  throw err;
}

export async function handleSignIn(req: Request): Promise<Response> {
  if (!isSameOrigin(req)) return new Response('cross-site sign-in refused', { status: 403 });
  const f = await fields(req);
  const next = safeNext(f.next);
  try {
    const outcome = await signIn(identityContext(), {
      email: f.email ?? '',
      password: f.password ?? '',
      client: clientOf(req),
    });
    return answer(req, outcome, next);
  } catch (err) {
    return failure(req, err, '/sign-in');
  }
}

export async function handleNewPassword(req: Request): Promise<Response> {
  if (!isSameOrigin(req)) return new Response('cross-site request refused', { status: 403 });
  const f = await fields(req);
  const raw = req.headers
    .get('cookie')
    ?.split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${CHALLENGE_COOKIE}=`))
    ?.slice(CHALLENGE_COOKIE.length + 1);
  let challenge: { email?: string; session?: string } = {};
  try {
    challenge = raw ? (JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as typeof challenge) : {};
  } catch {
    challenge = {};
  }
  if (!challenge.email || !challenge.session) return redirect(req, '/sign-in?error=expired');
  if ((f.newPassword ?? '') !== (f.confirmPassword ?? f.newPassword ?? ''))
    return redirect(req, '/sign-in/new-password?error=mismatch');
  try {
    const outcome = await completeNewPassword(identityContext(), {
      email: challenge.email,
      session: challenge.session,
      newPassword: f.newPassword ?? '',
      client: clientOf(req),
    });
    return answer(req, outcome, safeNext(f.next));
  } catch (err) {
    return failure(req, err, '/sign-in/new-password');
  }
}

export async function handleSignOut(req: Request): Promise<Response> {
  if (!isSameOrigin(req)) return new Response('cross-site request refused', { status: 403 });
  const principal = await principalOfSession(req.headers.get('cookie'));
  if (principal) {
    const ctx = identityContext();
    await recordAudit(
      { principal, repos: ctx.reposFor(principal.orgId), clock: ctx.clock },
      { action: 'auth.sign-out' },
    );
  }
  return redirect(req, '/sign-in?signed-out=1', [clearedSessionCookie()]);
}
