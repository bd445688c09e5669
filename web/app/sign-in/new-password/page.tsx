import { getTranslations } from 'next-intl/server';

export const dynamic = 'force-dynamic';

export default async function NewPasswordPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const t = await getTranslations('auth.newPassword');
  const params = await searchParams;
  const one = (k: string) => {
    const v = params[k];
    return (Array.isArray(v) ? v[0] : v) ?? '';
  };
  const error = one('error');
  return (
    <section className="card sign-in">
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      {error ? (
        <p role="alert" className="alert">
          {error === 'mismatch' ? t('mismatch') : one('detail') || t('retry')}
        </p>
      ) : null}
      <form method="post" action="/api/auth/new-password" className="stack">
        <label>
          {t('password')}
          <input name="newPassword" type="password" autoComplete="new-password" minLength={12} required />
        </label>
        <label>
          {t('repeat')}
          <input name="confirmPassword" type="password" autoComplete="new-password" minLength={12} required />
        </label>
        <input type="hidden" name="next" value={one('next')} />
        <button type="submit">{t('submit')}</button>
      </form>
    </section>
  );
}
