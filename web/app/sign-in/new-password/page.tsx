export const dynamic = 'force-dynamic';

export default async function NewPasswordPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const one = (k: string) => {
    const v = params[k];
    return (Array.isArray(v) ? v[0] : v) ?? '';
  };
  const error = one('error');
  return (
    <section className="card sign-in">
      <h1>Choose your password</h1>
      <p>
        Your account was created with a temporary password. Choose your own: at least 12 characters, with
        upper- and lower-case letters and a digit.
      </p>
      {error ? (
        <p role="alert" className="alert">
          {error === 'mismatch' ? 'The two passwords differ.' : one('detail') || 'Please try again.'}
        </p>
      ) : null}
      <form method="post" action="/api/auth/new-password" className="stack">
        <label>
          New password
          <input name="newPassword" type="password" autoComplete="new-password" minLength={12} required />
        </label>
        <label>
          Repeat it
          <input name="confirmPassword" type="password" autoComplete="new-password" minLength={12} required />
        </label>
        <input type="hidden" name="next" value={one('next')} />
        <button type="submit">Save and sign in</button>
      </form>
    </section>
  );
}
