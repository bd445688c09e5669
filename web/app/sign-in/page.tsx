import { getTranslations } from 'next-intl/server';

export const dynamic = 'force-dynamic';

const ERRORS = ['refused', 'invalid', 'expired', 'rate'] as const;

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const t = await getTranslations('auth.signIn');
  const params = await searchParams;
  const one = (k: string) => {
    const v = params[k];
    return (Array.isArray(v) ? v[0] : v) ?? '';
  };
  const code = ERRORS.find((e) => e === one('error'));
  const retry = Number(one('retry'));
  return (
    <section className="card sign-in">
      <h1>{t('title')}</h1>
      {one('signed-out') ? <p role="status">{t('signedOut')}</p> : null}
      {code ? (
        <p role="alert" className="alert">
          {t(`errors.${code}`)}
          {code === 'rate' && retry > 0 ? ` ${t('retryMinutes', { minutes: Math.ceil(retry / 60) })}` : ''}
        </p>
      ) : null}
      <form method="post" action="/api/auth/sign-in" className="stack">
        <label>
          {t('email')}
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          {t('password')}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <input type="hidden" name="next" value={one('next')} />
        <button type="submit">{t('submit')}</button>
      </form>
    </section>
  );
}
