'use client';
import { ROLES, type Role } from '@ampfleet/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { formText } from '../../../lib/form';
import { useTRPC } from '../../../lib/trpc';

const sitesOf = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export function UsersAdmin() {
  const t = useTranslations('admin.users');
  const format = useFormatter();
  const roles = useTranslations('common.roles');
  const trpc = useTRPC();
  const client = useQueryClient();
  const users = useQuery(trpc.users.list.queryOptions());
  const refresh = () => client.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
  const invite = useMutation(trpc.users.invite.mutationOptions({ onSuccess: refresh }));
  const update = useMutation(trpc.users.update.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.users.remove.mutationOptions({ onSuccess: refresh }));
  const [role, setRole] = useState<Role>('viewer');

  const onInvite = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    invite.mutate({
      email: formText(f, 'email'),
      role,
      siteIds: sitesOf(formText(f, 'siteIds')),
    });
  };
  return (
    <div className="admin">
      <section className="card">
        <h2>{t('invite')}</h2>
        <form className="inline-form" onSubmit={onInvite}>
          <label>
            {t('email')}
            <input name="email" type="email" required />
          </label>
          <label>
            {t('role')}
            <select value={role} onChange={(e) => setRole(e.target.value as Role)} name="role">
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {roles(r)}
                </option>
              ))}
            </select>
          </label>
          {role === 'site-owner' ? (
            <label>
              {t('sites')}
              <input name="siteIds" placeholder="lindenweg-12" required />
            </label>
          ) : null}
          <button type="submit" disabled={invite.isPending}>
            {t('submit')}
          </button>
        </form>
        {invite.error ? (
          <p role="alert" className="alert">
            {invite.error.message}
          </p>
        ) : null}
        {invite.data ? (
          <p className="once" role="status">
            {t('invited', { email: invite.data.user.email })} <code>{invite.data.temporaryPassword}</code>
          </p>
        ) : null}
      </section>
      <section className="card table-scroll">
        <h2>{t('members')}</h2>
        {users.error ? <p role="alert">{users.error.message}</p> : null}
        <table>
          <thead>
            <tr>
              <th>{t('colEmail')}</th>
              <th>{t('colRole')}</th>
              <th>{t('colSites')}</th>
              <th>{t('colInvited')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(users.data?.users ?? []).map((u) => (
              <tr key={u.userId} data-user={u.email}>
                <td>{u.email}</td>
                <td>
                  <select
                    aria-label={t('roleOf', { email: u.email })}
                    value={u.role}
                    onChange={(e) =>
                      update.mutate({ userId: u.userId, role: e.target.value as Role, siteIds: u.siteIds })
                    }
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {roles(r)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{u.siteIds.join(', ') || '–'}</td>
                <td>{format.dateTime(new Date(u.invitedAt), { dateStyle: 'medium' })}</td>
                <td>
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => remove.mutate({ userId: u.userId })}
                  >
                    {t('remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {update.error ? (
          <p role="alert" className="alert">
            {update.error.message}
          </p>
        ) : null}
        {remove.error ? (
          <p role="alert" className="alert">
            {remove.error.message}
          </p>
        ) : null}
      </section>
    </div>
  );
}
