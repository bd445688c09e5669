'use client';
import { paramSpec } from '@ampfleet/domain';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useTRPC } from '../../../lib/trpc';
import styles from '../rollouts.module.css';
import { ChangePicker, changeOf, FIRST_DRAFT, type ChangeDraft } from './change-picker';
import { DryRunView } from './dry-run';
import { SitePicker, type Selection } from './site-picker';

// "New rollout": one change (step 1), the sites (step 2), the dry run — per site what the change would
// cause (step 3) — and the start with a cap on sites in flight (step 4). The dry run belongs to the exact
// change and selection it was run for: change either and it has to be run again before starting.

export function NewRollout() {
  const trpc = useTRPC();
  const router = useRouter();
  const t = useTranslations('rollouts.new');
  const [draft, setDraft] = useState<ChangeDraft>(FIRST_DRAFT);
  const [selected, setSelected] = useState<Selection>(new Map());
  const [cap, setCap] = useState('10');
  const [restartConfirmed, setRestartConfirmed] = useState(false);
  const dry = useMutation(trpc.rollouts.create.mutationOptions());
  const start = useMutation(
    trpc.rollouts.create.mutationOptions({
      onSuccess: (out) => {
        if (out.rolloutId) router.push(`/rollouts/${out.rolloutId}`);
      },
    }),
  );

  const parsed = changeOf(draft);
  const change = 'change' in parsed ? parsed.change : undefined;
  const siteIds = [...selected.keys()];
  const key = JSON.stringify({ change, siteIds });
  const [dryKey, setDryKey] = useState<string | undefined>();
  const current = dry.data && dryKey === key ? dry.data : undefined;
  const capValue = Number(cap);
  const capOk = /^\d+$/.test(cap.trim()) && capValue >= 1 && capValue <= 100;
  const restartRelevant = draft.kind === 'template' || paramSpec(draft.param).apply === 'saveAndRestart';
  const blocked = current?.sites.filter((s) => s.blocked) ?? [];

  const runDry = () => {
    if (!change || siteIds.length === 0) return;
    setDryKey(key);
    start.reset();
    dry.mutate({ siteIds, change, dryRun: true });
  };

  return (
    <div className={styles.wizard} data-testid="new-rollout-form">
      <ChangePicker draft={draft} onChange={setDraft} />
      <SitePicker selected={selected} onChange={setSelected} />
      <fieldset className={styles.step} data-testid="dry-run-step">
        <legend>{t('dryRun.legend')}</legend>
        <p className="muted">{t('dryRun.note')}</p>
        <button
          type="button"
          data-testid="run-dry-run"
          disabled={!change || siteIds.length === 0 || dry.isPending}
          onClick={runDry}
        >
          {dry.isPending ? t('dryRun.running') : t('dryRun.run', { count: siteIds.length })}
        </button>
        {!change ? <span className="muted"> {t('dryRun.needChange')}</span> : null}
        {change && siteIds.length === 0 ? <span className="muted"> {t('dryRun.needSites')}</span> : null}
        {dry.isError && dryKey === key ? (
          <p role="alert">{t('dryRun.error', { message: dry.error.message })}</p>
        ) : null}
        {dry.data && dryKey !== key ? <p className="muted">{t('dryRun.stale')}</p> : null}
        {current ? (
          <DryRunView
            result={current}
            names={selected}
            onDeselect={(ids) => {
              const next = new Map(selected);
              ids.forEach((id) => next.delete(id));
              setSelected(next);
            }}
          />
        ) : null}
      </fieldset>
      <fieldset className={styles.step} data-testid="start-step">
        <legend>{t('start.legend')}</legend>
        <div className={styles.fields}>
          <label>
            <span>{t('start.cap')}</span>
            <input
              name="maxInFlight"
              inputMode="numeric"
              value={cap}
              aria-invalid={!capOk}
              onChange={(e) => setCap(e.target.value)}
            />
          </label>
          {!capOk ? <p role="alert">{t('start.capError')}</p> : null}
          {restartRelevant ? (
            <label className={styles.check}>
              <input
                type="checkbox"
                name="restartConfirmed"
                checked={restartConfirmed}
                onChange={(e) => setRestartConfirmed(e.target.checked)}
              />{' '}
              {t('start.restart')}
            </label>
          ) : null}
        </div>
        <button
          type="button"
          data-testid="start-rollout"
          disabled={!current || blocked.length > 0 || !capOk || !change || start.isPending}
          onClick={() =>
            change &&
            start.mutate({ siteIds, change, dryRun: false, maxInFlight: capValue, restartConfirmed })
          }
        >
          {start.isPending ? t('start.starting') : t('start.button', { count: siteIds.length })}
        </button>{' '}
        {!current ? <span className="muted">{t('start.needDryRun')}</span> : null}
        {blocked.length > 0 ? (
          <span className="muted">{t('start.blocked', { count: blocked.length })}</span>
        ) : null}
        {start.isError ? <p role="alert">{t('start.error', { message: start.error.message })}</p> : null}
      </fieldset>
    </div>
  );
}
