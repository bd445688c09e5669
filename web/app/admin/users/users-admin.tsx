'use client';
import { ROLE_LABELS, ROLES, type Role } from '@ampfleet/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { formText } from '../../../lib/form';
import { useTRPC } from '../../../lib/trpc';

const sitesOf = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export function UsersAdmin() {
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
        <h2>Invite a person</h2>
        <form className="inline-form" onSubmit={onInvite}>
          <label>
            E-mail
            <input name="email" type="email" required />
          </label>
          <label>
            Role
            <select value={role} onChange={(e) => setRole(e.target.value as Role)} name="role">
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          </label>
          {role === 'site-owner' ? (
            <label>
              Sites (ids)
              <input name="siteIds" placeholder="lindenweg-12" required />
            </label>
          ) : null}
          <button type="submit" disabled={invite.isPending}>
            Invite
          </button>
        </form>
        {invite.error ? (
          <p role="alert" className="alert">
            {invite.error.message}
          </p>
        ) : null}
        {invite.data ? (
          <p className="once" role="status">
            {invite.data.user.email} is invited. Temporary password (shown once; they choose their own at
            first sign-in): <code>{invite.data.temporaryPassword}</code>
          </p>
        ) : null}
      </section>
      <section className="card table-scroll">
        <h2>Members</h2>
        {users.error ? <p role="alert">{users.error.message}</p> : null}
        <table>
          <thead>
            <tr>
              <th>E-mail</th>
              <th>Role</th>
              <th>Sites</th>
              <th>Invited</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(users.data?.users ?? []).map((u) => (
              <tr key={u.userId} data-user={u.email}>
                <td>{u.email}</td>
                <td>
                  <select
                    aria-label={`role of ${u.email}`}
                    value={u.role}
                    onChange={(e) =>
                      update.mutate({ userId: u.userId, role: e.target.value as Role, siteIds: u.siteIds })
                    }
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {ROLE_LABELS[r]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{u.siteIds.join(', ') || '–'}</td>
                <td>{new Date(u.invitedAt).toLocaleDateString()}</td>
                <td>
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => remove.mutate({ userId: u.userId })}
                  >
                    Remove
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
