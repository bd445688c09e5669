'use client';
import { useTranslations } from 'next-intl';

const CLASS: Record<string, string> = {
  running: 'charging',
  paused: 'warn',
  cancelled: 'off',
  done: 'ok',
  queued: 'off',
  applying: 'charging',
  failed: 'bad',
  pending: 'off',
  succeeded: 'ok',
};

/** A rollout's status, a site's state or an ECU's outcome as a coloured badge. */
export function StateBadge({ state }: { state: string }) {
  const t = useTranslations('rollouts.state');
  return (
    <span className={`badge ${CLASS[state] ?? 'off'}`} data-state={state}>
      {t(state as 'running')}
    </span>
  );
}
