'use client';
import { API_KEY_SCOPES, type ApiKeyScope } from '@ampfleet/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { formText } from '../../../lib/form';
import { useTRPC } from '../../../lib/trpc';

const SCOPE_TEXT: Record<ApiKeyScope, string> = {
  read: 'read (sites, live state, sessions, configuration, findings)',
  commands: 'commands (charge point commands, limits)',
  configuration: 'configuration (save and apply configurations)',
};

export function ApiKeysAdmin() {
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
        <h2>Create a key</h2>
        <form className="stack" onSubmit={onCreate}>
          <label>
            Name
            <input name="name" required placeholder="e.g. energy platform" />
          </label>
          <fieldset>
            <legend>Scopes</legend>
            {API_KEY_SCOPES.map((s) => (
              <label key={s} style={{ flexDirection: 'row', gap: '0.4rem' }}>
                <input type="checkbox" name={`scope-${s}`} defaultChecked={s === 'read'} /> {SCOPE_TEXT[s]}
              </label>
            ))}
          </fieldset>
          <label>
            Requests per minute
            <input name="rate" type="number" min={1} max={6000} defaultValue={120} />
          </label>
          <button type="submit" disabled={create.isPending}>
            Create key
          </button>
        </form>
        {create.error ? (
          <p role="alert" className="alert">
            {create.error.message}
          </p>
        ) : null}
        {create.data ? (
          <p className="once" role="status" data-new-key>
            Copy this key now — it is not shown again: <code>{create.data.key}</code>
          </p>
        ) : null}
      </section>
      <section className="card table-scroll">
        <h2>Keys</h2>
        <table>
          <thead>
            <tr>
              <th>Id</th>
              <th>Name</th>
              <th>Scopes</th>
              <th>Rate</th>
              <th>Created</th>
              <th>State</th>
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
                <td>{k.ratePerMinute}/min</td>
                <td>
                  {new Date(k.createdAt).toLocaleString()} by {k.createdBy}
                </td>
                <td>
                  {k.revokedAt ? (
                    `revoked ${new Date(k.revokedAt).toLocaleString()}`
                  ) : (
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => revoke.mutate({ keyId: k.keyId })}
                    >
                      Revoke
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
