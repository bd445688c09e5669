'use client';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useTRPC } from '../../../../lib/trpc';
import { FindingsTable, sortFindings } from '../configuration/findings-list';

// The Audit tab: the findings of the site's saved configuration (audit.findings) — severity, the
// manual's §, the message that says how to fix it, and a link to the parameter's field in the
// Configuration tab (named as that ECU's firmware names it, hence config.get for the site).

export function AuditTab({ siteId }: { siteId: string }) {
  const trpc = useTRPC();
  const t = useTranslations('configuration.audit');
  const audit = useQuery(trpc.audit.findings.queryOptions({ siteId }));
  const config = useQuery(trpc.config.get.queryOptions({ siteId }));
  const configHref = (anchor: string) =>
    `/sites/${encodeURIComponent(siteId)}?tab=configuration#${encodeURIComponent(anchor)}`;
  return (
    <section className="site" data-testid="audit" data-version={audit.data?.version}>
      <div className="site-head">
        <h2>{t('title')}</h2>
        {audit.data ? (
          <span className="muted">
            {t('version', { version: audit.data.version })} ·{' '}
            <span data-testid="audit-summary">{t('summary', audit.data.summary)}</span>
          </span>
        ) : null}
      </div>
      {audit.isPending ? (
        <p className="muted">{t('loading')}</p>
      ) : audit.isError ? (
        <p role="alert">{t('loadError', { message: audit.error.message })}</p>
      ) : audit.data.findings.length === 0 ? (
        <p className="muted">{t('none')}</p>
      ) : (
        <FindingsTable
          findings={sortFindings(audit.data.findings)}
          site={config.data?.site}
          linkOf={configHref}
        />
      )}
    </section>
  );
}
