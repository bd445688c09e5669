'use client';
import type { RolloutProgress } from '@ampfleet/domain';
import { useTranslations } from 'next-intl';
import styles from '../rollouts.module.css';

// The rollout's progress as one bar: done, failed, in flight, cancelled and still queued sites, each a
// segment as wide as its share, with the figures spelled out underneath (the bar alone is not accessible).

/** The domain's rollout progress (services/domain rollout/progress.ts), as rollouts.get returns it. */
export type Progress = RolloutProgress;

const PARTS = ['done', 'failed', 'inFlight', 'cancelled', 'queued'] as const;

export function ProgressBar({ progress }: { progress: Progress }) {
  const t = useTranslations('rollouts.progress');
  const finished = progress.done + progress.failed + progress.cancelled;
  return (
    <div className={styles.progress} data-testid="rollout-progress">
      <div
        className={styles.bar}
        role="progressbar"
        aria-label={t('label')}
        aria-valuemin={0}
        aria-valuemax={progress.total}
        aria-valuenow={finished}
        aria-valuetext={t('value', { percent: progress.percent })}
      >
        {PARTS.map((part) =>
          progress[part] > 0 ? (
            <span
              key={part}
              className={styles[`seg-${part}`]}
              style={{ width: `${(100 * progress[part]) / Math.max(1, progress.total)}%` }}
            />
          ) : null,
        )}
      </div>
      <p className={styles.legend}>
        <strong data-testid="progress-percent">{t('value', { percent: progress.percent })}</strong>
        {PARTS.map((part) => (
          <span key={part} data-part={part} data-count={progress[part]}>
            <i className={styles[`seg-${part}`]} aria-hidden="true" /> {t(part, { count: progress[part] })}
          </span>
        ))}
      </p>
    </div>
  );
}
