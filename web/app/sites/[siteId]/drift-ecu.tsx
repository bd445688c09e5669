'use client';
import { ECU_PARAM_KEYS, paramSpec, type EcuParamKey } from '@ampfleet/domain';
import type { inferRouterOutputs } from '@trpc/server';
import { useFormatter, useTranslations } from 'next-intl';
import type { AppRouter } from '../../../server/routers/_app';
import styles from './drift.module.css';

// One ECU on the Drift tab: its drifted parameters under its firmware's names (renames noted),
// what does not apply to its firmware, and the apply run's progress for it.
type Outputs = inferRouterOutputs<AppRouter>;
type EcuDrift = Outputs['drift']['get']['ecus'][number];
type EcuProgress = NonNullable<Outputs['drift']['applyStatus']['run']>['ecus'][number];

const STATUS_CLASS: Record<EcuProgress['status'], string> = {
  pending: 'off',
  sent: 'warn',
  accepted: 'warn',
  'waiting-for-report': 'warn',
  'reboot-required': 'warn',
  rejected: 'bad',
  failed: 'bad',
  done: 'ok',
};

/** The 4.61 name when the ECU's firmware names the parameter differently (a rename, not drift). */
function renamedTo(key: string, name: string): string | undefined {
  if (!(ECU_PARAM_KEYS as readonly string[]).includes(key)) return undefined;
  const latest = paramSpec(key as EcuParamKey).names['4.61'];
  return latest !== undefined && latest !== name ? latest : undefined;
}

export function DriftEcu({
  ecu,
  progress,
  transactionRunning,
  canApply,
  onApply,
}: {
  ecu: EcuDrift;
  progress: EcuProgress | undefined;
  transactionRunning: boolean;
  canApply: boolean;
  onApply: () => void;
}) {
  const t = useTranslations('drift');
  const format = useFormatter();
  const drifted = ecu.drift?.drifted ?? [];
  return (
    <article
      className={styles.ecu}
      data-testid={`drift-ecu-${ecu.chargePointId}`}
      data-reported={ecu.reported}
    >
      <header className={styles.ecuHead}>
        <h3>{ecu.chargePointId}</h3>
        <span className="muted">{t('ecu.firmware', { firmware: ecu.firmware })}</span>
        {!ecu.reported ? (
          <span className="badge off">{t('ecu.unreported')}</span>
        ) : drifted.length === 0 ? (
          <span className="badge ok" data-testid="in-sync">
            {t('ecu.inSync')}
          </span>
        ) : (
          <span className="badge warn">{t('ecu.drifted', { count: drifted.length })}</span>
        )}
        {transactionRunning && <span className="badge charging">{t('ecu.transaction')}</span>}
        {ecu.reportedAt && (
          <span className="muted">
            {t('ecu.reportedAt', {
              time: format.dateTime(new Date(ecu.reportedAt), { dateStyle: 'medium', timeStyle: 'short' }),
            })}
          </span>
        )}
        {drifted.length > 0 && (
          <button type="button" className={styles.ecuApply} disabled={!canApply} onClick={onApply}>
            {t('applyEcu')}
          </button>
        )}
      </header>
      {drifted.length > 0 && (
        <div className="table-scroll">
          <table className={styles.table}>
            <thead>
              <tr>
                <th>{t('column.parameter')}</th>
                <th>{t('column.desired')}</th>
                <th>{t('column.reported')}</th>
                <th>{t('column.apply')}</th>
              </tr>
            </thead>
            <tbody>
              {drifted.map((d) => {
                const renamed = renamedTo(d.key, d.name);
                return (
                  <tr key={d.key} data-param={d.key}>
                    <td>
                      {d.name}
                      {renamed && <div className={styles.hint}>{t('renamed', { name: renamed })}</div>}
                    </td>
                    <td>{d.desired}</td>
                    <td>{d.reported ?? <span className="muted">{t('missing')}</span>}</td>
                    <td>{d.apply === 'runtime' ? t('apply.runtime') : t('apply.saveAndRestart')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {(ecu.drift?.notApplicable.length ?? 0) > 0 && (
        <details className={styles.details}>
          <summary>
            {t('notApplicable')} ({ecu.drift?.notApplicable.length})
          </summary>
          <ul>
            {ecu.drift?.notApplicable.map((n) => (
              <li key={n.key}>{n.message}</li>
            ))}
          </ul>
        </details>
      )}
      {(ecu.drift?.unverifiable.length ?? 0) > 0 && (
        <p className={styles.hint}>
          {t('unverifiable', { names: ecu.drift?.unverifiable.join(', ') ?? '' })}
        </p>
      )}
      {(ecu.drift?.invalid.length ?? 0) > 0 && (
        <p className={styles.hint}>
          {t('invalid', { names: ecu.drift?.invalid.map((i) => i.name).join(', ') ?? '' })}
        </p>
      )}
      {progress && <EcuRunProgress progress={progress} />}
    </article>
  );
}

function EcuRunProgress({ progress }: { progress: EcuProgress }) {
  const t = useTranslations('drift.progress');
  return (
    <div className={styles.progress} data-testid="drift-progress" data-status={progress.status}>
      <p>
        <span className={`badge ${STATUS_CLASS[progress.status]}`}>{t(`status.${progress.status}`)}</span>{' '}
        <span className="muted">{progress.detail}</span>
      </p>
      {progress.changes.length > 0 && (
        <ul>
          {progress.changes.map((c) => (
            <li key={c.param}>
              {c.name} → {c.display}: {t(`command.${c.command}`)} ·{' '}
              {c.reported ? t('reported') : t('notReported')}
            </li>
          ))}
        </ul>
      )}
      {progress.held.length > 0 && (
        <p className={styles.hint}>
          {t('held', { names: progress.held.map((h) => h.name).join(', ') })}
          {progress.holdReason && ` — ${t(`holdReason.${progress.holdReason}`)}`}
        </p>
      )}
      {progress.unsendable.length > 0 && (
        <p className={styles.hint}>
          {t('unsendable', {
            names: progress.unsendable.map((u) => `${u.name} (${t(`reason.${u.reason}`)})`).join(', '),
          })}
        </p>
      )}
    </div>
  );
}
