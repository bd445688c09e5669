'use client';
import { ROLLOUT_SITE_STATES } from '@ampfleet/domain';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { useTRPC } from '../../../lib/trpc';
import { changeParts } from '../change-label';
import styles from '../rollouts.module.css';
import { StateBadge } from '../status-badge';
import { ProgressBar } from './progress-bar';
import { SiteResults } from './site-results';

// One rollout (rollouts.get): its progress bar, pause / resume / cancel, and per site and per ECU what
// happened. Only this rollout is refetched, every 2 s while it can still move (running, or paused with
// sites still in flight), never the organisation's other data.
const REFRESH_MS = 2000;

export function RolloutDetail({ rolloutId }: { rolloutId: string }) {
  const trpc = useTRPC();
  const t = useTranslations('rollouts');
  const format = useFormatter();
  const [filter, setFilter] = useState<string>('');
  const [confirmCancel, setConfirmCancel] = useState(false);
  const view = useQuery(
    trpc.rollouts.get.queryOptions(
      { rolloutId },
      {
        refetchInterval: (q) => {
          const d = q.state.data;
          if (!d) return false;
          const moving =
            d.rollout.status === 'running' || (d.rollout.status === 'paused' && d.progress.inFlight > 0);
          return moving ? REFRESH_MS : false;
        },
      },
    ),
  );
  const { refetch } = view;
  const control = {
    onSuccess: () => {
      setConfirmCancel(false);
      void refetch();
    },
  };
  const pause = useMutation(trpc.rollouts.pause.mutationOptions(control));
  const resume = useMutation(trpc.rollouts.resume.mutationOptions(control));
  const cancel = useMutation(trpc.rollouts.cancel.mutationOptions(control));
  const busy = pause.isPending || resume.isPending || cancel.isPending;
  const controlError = pause.error ?? resume.error ?? cancel.error;

  if (view.isPending) return <p className="muted">{t('loading')}</p>;
  if (view.isError) return <p role="alert">{t('loadError', { message: view.error.message })}</p>;
  const { rollout, progress, sites } = view.data;
  const c = changeParts(rollout.change);
  const open = rollout.status === 'running' || rollout.status === 'paused';
  const shown = filter ? sites.filter((s) => s.state === filter) : sites;
  return (
    <section
      className="site"
      data-testid="rollout"
      data-status={rollout.status}
      data-percent={progress.percent}
    >
      <div className="site-head">
        <h1 className={styles.title}>
          {c.kind === 'template'
            ? t('change.template', { section: c.section })
            : t('change.parameter', { name: c.name, value: c.value })}
        </h1>
        <StateBadge state={rollout.status} />
      </div>
      <p className="muted">
        {t('detail.facts', {
          sites: rollout.siteCount,
          cap: rollout.maxInFlight,
          time: format.dateTime(new Date(rollout.createdAt), { dateStyle: 'medium', timeStyle: 'short' }),
          by: rollout.createdBy,
        })}
        {rollout.restartConfirmed ? ` · ${t('detail.restartConfirmed')}` : ''}
      </p>
      <ProgressBar progress={progress} />
      <div className={styles.controls}>
        {rollout.status === 'running' ? (
          <button
            type="button"
            disabled={busy}
            onClick={() => pause.mutate({ rolloutId })}
            data-testid="pause"
          >
            {t('detail.pause')}
          </button>
        ) : null}
        {rollout.status === 'paused' ? (
          <button
            type="button"
            disabled={busy}
            onClick={() => resume.mutate({ rolloutId })}
            data-testid="resume"
          >
            {t('detail.resume')}
          </button>
        ) : null}
        {open && !confirmCancel ? (
          <button type="button" disabled={busy} onClick={() => setConfirmCancel(true)} data-testid="cancel">
            {t('detail.cancel')}
          </button>
        ) : null}
        {open && confirmCancel ? (
          <span className={styles.confirm} role="group" aria-label={t('detail.cancelQuestion')}>
            <span>{t('detail.cancelQuestion', { count: progress.queued })}</span>
            <button
              type="button"
              disabled={busy}
              onClick={() => cancel.mutate({ rolloutId })}
              data-testid="cancel-yes"
            >
              {t('detail.cancelYes')}
            </button>
            <button type="button" className={styles.textButton} onClick={() => setConfirmCancel(false)}>
              {t('detail.cancelNo')}
            </button>
          </span>
        ) : null}
        {rollout.status === 'paused' ? <span className="muted">{t('detail.pausedNote')}</span> : null}
        {controlError ? (
          <p role="alert">{t('detail.controlError', { message: controlError.message })}</p>
        ) : null}
      </div>
      <div className={styles.pickHead}>
        <h2>{t('detail.sites')}</h2>
        <select value={filter} onChange={(e) => setFilter(e.target.value)} aria-label={t('detail.filter')}>
          <option value="">{t('detail.allStates', { count: sites.length })}</option>
          {ROLLOUT_SITE_STATES.map((s) => (
            <option key={s} value={s}>
              {t(`state.${s}`)} ({sites.filter((x) => x.state === s).length})
            </option>
          ))}
        </select>
      </div>
      <SiteResults sites={shown} />
    </section>
  );
}
