'use client';
import { AUDIT_ACTIONS, type AuditAction } from '@ampfleet/domain';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { formText } from '../../../lib/form';
import { useTRPC } from '../../../lib/trpc';

interface Filter {
  action?: AuditAction;
  actor?: string;
  siteId?: string;
}

export function AuditTrail() {
  const t = useTranslations('admin.audit');
  const format = useFormatter();
  const trpc = useTRPC();
  const client = useQueryClient();
  const [filter, setFilter] = useState<Filter>({});
  const [cursor, setCursor] = useState<string | undefined>();
  const page = useQuery(trpc.auditTrail.list.queryOptions({ ...filter, limit: 50, cursor }));
  const onFilter = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => formText(f, k).trim() || undefined;
    setCursor(undefined);
    setFilter({
      action: text('action') as AuditAction | undefined,
      actor: text('actor'),
      siteId: text('siteId'),
    });
  };
  const download = async () => {
    const { csv, filename } = await client.fetchQuery(trpc.auditTrail.export.queryOptions(filter));
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="admin">
      <form className="inline-form card" onSubmit={onFilter} role="search">
        <label>
          {t('action')}
          <select name="action" defaultValue="">
            <option value="">{t('any')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('who')}
          <input name="actor" placeholder={t('whoPlaceholder')} />
        </label>
        <label>
          {t('site')}
          <input name="siteId" placeholder={t('sitePlaceholder')} />
        </label>
        <button type="submit">{t('filter')}</button>
        <button type="button" className="secondary" onClick={() => void download()}>
          {t('export')}
        </button>
      </form>
      <section className="card table-scroll">
        {page.error ? <p role="alert">{page.error.message}</p> : null}
        <table>
          <thead>
            <tr>
              <th>{t('colWhen')}</th>
              <th>{t('colWho')}</th>
              <th>{t('colAction')}</th>
              <th>{t('colSite')}</th>
              <th>{t('colWhat')}</th>
            </tr>
          </thead>
          <tbody>
            {(page.data?.items ?? []).map((e) => (
              <tr key={e.entryId} data-audit-action={e.action}>
                <td>{format.dateTime(new Date(e.at), { dateStyle: 'medium', timeStyle: 'short' })}</td>
                <td>{e.actorLabel}</td>
                <td>{e.action}</td>
                <td>{e.siteId ?? ''}</td>
                <td>{[e.target, e.detail].filter(Boolean).join(' — ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.data?.items.length === 0 ? <p className="muted">{t('none')}</p> : null}
        {page.data?.nextCursor ? (
          <button type="button" className="secondary" onClick={() => setCursor(page.data?.nextCursor)}>
            {t('older')}
          </button>
        ) : null}
      </section>
    </div>
  );
}
