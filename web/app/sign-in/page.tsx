export const dynamic = 'force-dynamic';

const MESSAGES: Record<string, string> = {
  refused: 'E-mail address or password is not right.',
  invalid: 'Enter an e-mail address and a password.',
  expired: 'The sign-in took too long. Please sign in again.',
  rate: 'Too many failed sign-ins. Please wait and try again.',
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const one = (k: string) => {
    const v = params[k];
    return (Array.isArray(v) ? v[0] : v) ?? '';
  };
  const error = MESSAGES[one('error')];
  const retry = Number(one('retry'));
  return (
    <section className="card sign-in">
      <h1>Sign in</h1>
      {one('signed-out') ? <p role="status">You are signed out.</p> : null}
      {error ? (
        <p role="alert" className="alert">
          {error}
          {one('error') === 'rate' && retry > 0 ? ` (about ${Math.ceil(retry / 60)} min)` : ''}
        </p>
      ) : null}
      <form method="post" action="/api/auth/sign-in" className="stack">
        <label>
          E-mail
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <input type="hidden" name="next" value={one('next')} />
        <button type="submit">Sign in</button>
      </form>
    </section>
  );
}
