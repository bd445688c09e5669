'use client';
import { API_KEY_SCOPES } from '@ampfleet/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import type { FormEvent } from 'react';
import { formText } from '../../../lib/form';
import { useTRPC } from '../../../lib/trpc';

export function ApiKeysAdmin() {
  const t = useTranslations('admin.apiKeys');
  const format = useFormatter();
  const trpc = useTRPC();
  const client = useQueryClient();
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const refresh = () => client.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
  const create = useMutation(trpc.apiKeys.create.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions({ onSuccess: refresh }));
  const onCreate = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    create.mutate({
      name: formText(f, 'name'),
      scopes: API_KEY_SCOPES.filter((s) => f.get(`scope-${s}`) === 'on'),
      ratePerMinute: Number(formText(f, 'rate') || 120),
    });
  };
  return (
    <div className="admin">
      <section className="card">
        <h2>{t('create')}</h2>
        <form className="stack" onSubmit={onCreate}>
          <label>
            {t('name')}
            <input name="name" required placeholder={t('namePlaceholder')} />
          </label>
          <fieldset>
            <legend>{t('scopes')}</legend>
            {API_KEY_SCOPES.map((s) => (
              <label key={s} style={{ flexDirection: 'row', gap: '0.4rem' }}>
                <input type="checkbox" name={`scope-${s}`} defaultChecked={s === 'read'} /> {t(`scope.${s}`)}
              </label>
            ))}
          </fieldset>
          <label>
            {t('rate')}
            <input name="rate" type="number" min={1} max={6000} defaultValue={120} />
          </label>
          <button type="submit" disabled={create.isPending}>
            {t('submit')}
          </button>
        </form>
        {create.error ? (
          <p role="alert" className="alert">
            {create.error.message}
          </p>
        ) : null}
        {create.data ? (
          <p className="once" role="status" data-new-key>
            {t('copyNow')} <code>{create.data.key}</code>
          </p>
        ) : null}
      </section>
      <section className="card table-scroll">
        <h2>{t('keys')}</h2>
        <table>
          <thead>
            <tr>
              <th>{t('colId')}</th>
              <th>{t('colName')}</th>
              <th>{t('colScopes')}</th>
              <th>{t('colRate')}</th>
              <th>{t('colCreated')}</th>
              <th>{t('colState')}</th>
            </tr>
          </thead>
          <tbody>
            {(keys.data?.keys ?? []).map((k) => (
              <tr key={k.keyId} data-key={k.keyId}>
                <td>
                  <code>{k.keyId}</code>
                </td>
                <td>{k.name}</td>
                <td>{k.scopes.join(', ')}</td>
                <td>{t('perMinute', { rate: k.ratePerMinute })}</td>
                <td>
                  {t('createdBy', {
                    when: format.dateTime(new Date(k.createdAt), { dateStyle: 'medium', timeStyle: 'short' }),
                    who: k.createdBy,
                  })}
                </td>
                <td>
                  {k.revokedAt ? (
                    t('revoked', {
                      when: format.dateTime(new Date(k.revokedAt), {
                        dateStyle: 'medium',
                        timeStyle: 'short',
                      }),
                    })
                  ) : (
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => revoke.mutate({ keyId: k.keyId })}
                    >
                      {t('revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {revoke.error ? (
          <p role="alert" className="alert">
            {revoke.error.message}
          </p>
        ) : null}
      </section>
    </div>
  );
}
