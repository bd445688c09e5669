'use client';
import type { Site } from '@ampfleet/domain';
import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../../server/routers/_app';
import { useTRPC } from '../../../../lib/trpc';
import styles from './configuration.module.css';
import { FindingsTable, sortFindings, type Finding } from './findings-list';

// The live audit preview: the draft audited by config.preview (debounced while typing), showing the
// findings the change would cause (new) and those it resolves, against the version it was edited from.

const DEBOUNCE_MS = 300;
type PreviewData = inferRouterOutputs<AppRouter>['config']['preview'];

export function AuditPreview({
  siteId,
  baseVersion,
  draft,
  blocked,
  site,
}: {
  siteId: string;
  baseVersion: number;
  /** The draft to audit; undefined when there is nothing (valid) to preview. */
  draft: Site | undefined;
  blocked: boolean;
  site: Site;
}) {
  const trpc = useTRPC();
  const t = useTranslations('configuration');
  const preview = useMutation(trpc.config.preview.mutationOptions());
  const { mutate } = preview;
  // The answer to the latest draft only (an earlier, slower answer never replaces it); kept on screen
  // while the next one is on its way, so the list does not flicker while typing.
  const [result, setResult] = useState<{ draft: Site; data: PreviewData }>();
  const latest = useRef(0);
  useEffect(() => {
    const call = ++latest.current;
    if (!draft) return;
    const timer = setTimeout(() => {
      mutate(
        { siteId, baseVersion, site: draft },
        { onSuccess: (data) => (call === latest.current ? setResult({ draft, data }) : undefined) },
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draft, siteId, baseVersion, mutate]);

  if (blocked)
    return (
      <p className="muted" data-testid="preview-state">
        {t('preview.blocked')}
      </p>
    );
  if (!draft)
    return (
      <p className="muted" data-testid="preview-state">
        {t('preview.none')}
      </p>
    );
  if (preview.isError) return <p role="alert">{t('preview.error', { message: preview.error.message })}</p>;
  if (!result)
    return (
      <p className="muted" data-testid="preview-state">
        {t('preview.pending')}
      </p>
    );
  const current = result.draft === draft;
  const { findings, added, removed, issues } = result.data;
  if (issues.length > 0)
    return (
      <ul role="alert" className={styles.error}>
        {issues.map((i) => (
          <li key={i.path}>{`${i.path}: ${i.message}`}</li>
        ))}
      </ul>
    );
  const addedIds = new Set(added);
  const newFindings = findings.filter((f) => addedIds.has(f.id));
  const shown: (Finding & { resolved?: true })[] = [
    ...sortFindings(newFindings),
    ...sortFindings(removed).map((f) => ({ ...f, resolved: true as const })),
  ];
  return (
    <div data-testid="preview" data-current={current} data-added={added.length} data-removed={removed.length}>
      <p className="muted" data-testid="preview-summary">
        {t('preview.summary', { added: added.length, removed: removed.length, total: findings.length })}
      </p>
      {shown.length === 0 ? (
        <p className="muted">{t('preview.unchanged')}</p>
      ) : (
        <FindingsTable
          findings={shown}
          site={site}
          linkOf={(anchor) => `#${encodeURIComponent(anchor)}`}
          mark={(f) =>
            'resolved' in f
              ? { label: t('preview.resolved'), className: 'ok' }
              : { label: t('preview.new'), className: 'bad' }
          }
        />
      )}
    </div>
  );
}
