'use client';
import { useTranslations } from 'next-intl';
import type { z } from 'zod';
import type { RolloutsCreateOutput } from '../../../server/routers/rollouts/rollouts.types';
import { FindingsTable, sortFindings } from '../../sites/[siteId]/configuration/findings-list';
import styles from '../rollouts.module.css';
import type { Selection } from './site-picker';

// Step 3: the dry run's answer: the summary, then per site what the change would cause — the parameters it
// sets, the findings it adds and resolves, and why a site is held back (the start refuses while one is).

type Result = z.infer<typeof RolloutsCreateOutput>;

const configHref = (siteId: string) => (anchor: string) =>
  `/sites/${encodeURIComponent(siteId)}?tab=configuration#${encodeURIComponent(anchor)}`;

export function DryRunView({
  result,
  names,
  onDeselect,
}: {
  result: Result;
  names: Selection;
  onDeselect: (siteIds: string[]) => void;
}) {
  const t = useTranslations('rollouts.new.dryRun');
  const tc = useTranslations('configuration.preview');
  const s = result.summary;
  const blocked = result.sites.filter((x) => x.blocked).map((x) => x.siteId);
  return (
    <div data-testid="dry-run">
      <p className={styles.summary} data-testid="dry-run-summary">
        {t('summary', {
          sites: s.sites,
          changing: s.changing,
          unchanged: s.unchanged,
          blocked: s.blocked,
          added: s.newFindings,
          removed: s.removedFindings,
        })}
      </p>
      {blocked.length > 0 ? (
        <p>
          <button type="button" onClick={() => onDeselect(blocked)} data-testid="deselect-blocked">
            {t('deselectBlocked', { count: blocked.length })}
          </button>
        </p>
      ) : null}
      <ul className={styles.sites}>
        {result.sites.map((site) => (
          <li
            key={site.siteId}
            data-dry-site={site.siteId}
            data-outcome={site.outcome}
            data-blocked={site.blocked}
          >
            <details open={site.blocked || site.newFindings.length > 0}>
              <summary>
                <strong>{names.get(site.siteId) ?? site.siteId}</strong>{' '}
                <span className="muted">{site.siteId}</span>{' '}
                <span
                  className={`badge ${site.blocked ? 'bad' : site.outcome === 'changes' ? 'charging' : 'off'}`}
                >
                  {site.blocked ? t('blocked') : t(`outcome.${site.outcome}`)}
                </span>{' '}
                <span className="muted">
                  {t('siteFacts', {
                    params: site.parameterChanges,
                    added: site.newFindings.length,
                    removed: site.removedFindings.length,
                  })}
                </span>
              </summary>
              {site.error ? (
                <p role="alert" data-testid="dry-site-error">
                  {site.error.path}: {site.error.message}
                </p>
              ) : null}
              {site.newFindings.length + site.removedFindings.length > 0 ? (
                <FindingsTable
                  findings={sortFindings([...site.newFindings, ...site.removedFindings])}
                  site={undefined}
                  linkOf={configHref(site.siteId)}
                  mark={(f) =>
                    site.newFindings.some((n) => n.id === f.id)
                      ? { label: tc('new'), className: 'warn' }
                      : { label: tc('resolved'), className: 'ok' }
                  }
                />
              ) : (
                <p className="muted">{t('noFindings')}</p>
              )}
            </details>
          </li>
        ))}
      </ul>
    </div>
  );
}
