'use client';
import { useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useTRPC } from '../../lib/trpc';
import { changeParts } from './change-label';
import styles from './rollouts.module.css';
import { StateBadge } from './status-badge';

// The organisation's latest rollouts, newest first (rollouts.list). Refreshed every 5 s only while one of
// them is running or paused, so an idle page asks nothing.
const REFRESH_MS = 5000;

export function RolloutList() {
  const trpc = useTRPC();
  const t = useTranslations('rollouts');
  const format = useFormatter();
  const list = useQuery(
    trpc.rollouts.list.queryOptions(
      { limit: 50 },
      {
        refetchInterval: (q) =>
          q.state.data?.rollouts.some((r) => r.status === 'running' || r.status === 'paused')
            ? REFRESH_MS
            : false,
      },
    ),
  );
  return (
    <section className="site" data-testid="rollouts">
      <p>
        <a className={styles.primaryLink} href="/rollouts/new" data-testid="new-rollout">
          {t('new.link')}
        </a>
      </p>
      <p className="muted">{t('intro')}</p>
      {list.isPending ? (
        <p className="muted">{t('loading')}</p>
      ) : list.isError ? (
        <p role="alert">{t('loadError', { message: list.error.message })}</p>
      ) : list.data.rollouts.length === 0 ? (
        <p className="empty-tab">{t('empty')}</p>
      ) : (
        <ul className={styles.list}>
          {list.data.rollouts.map((r) => {
            const c = changeParts(r.change);
            return (
              <li key={r.rolloutId} data-rollout={r.rolloutId} data-status={r.status}>
                <div className={styles.listHead}>
                  <a href={`/rollouts/${r.rolloutId}`}>
                    <strong>
                      {c.kind === 'template'
                        ? t('change.template', { section: c.section })
                        : t('change.parameter', { name: c.name, value: c.value })}
                    </strong>
                  </a>
                  <StateBadge state={r.status} />
                </div>
                <div className="muted">
                  {t('listFacts', {
                    sites: r.siteCount,
                    cap: r.maxInFlight,
                    time: format.dateTime(new Date(r.createdAt), { dateStyle: 'medium', timeStyle: 'short' }),
                    by: r.createdBy,
                  })}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
