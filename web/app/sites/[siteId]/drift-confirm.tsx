'use client';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import styles from './drift.module.css';

// The confirmation before "apply desired" when Save & Restart parameters are involved: which ones, on
// which ECU, a warning about running transactions, and the choice to force the restart.

export interface ApplyRequest {
  /** Undefined: the whole site. */
  chargePointIds?: string[];
  restart: { chargePointId: string; name: string }[];
  /** Targeted ECUs with a running transaction. */
  busy: string[];
}

export function DriftConfirm({
  request,
  onCancel,
  onApply,
}: {
  request: ApplyRequest;
  onCancel: () => void;
  onApply: (options: { confirmRestart: boolean; force: boolean }) => void;
}) {
  const t = useTranslations('drift.confirm');
  const [force, setForce] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      className={styles.dialog}
      aria-labelledby="drift-confirm-title"
      data-testid="drift-confirm"
      onCancel={onCancel}
    >
      <h3 id="drift-confirm-title">{t('title')}</h3>
      <p>{t('intro')}</p>
      <ul>
        {request.restart.map((r) => (
          <li key={`${r.chargePointId}/${r.name}`}>
            <strong>{r.chargePointId}</strong>: {r.name}
          </li>
        ))}
      </ul>
      <p role={request.busy.length > 0 ? 'alert' : undefined} className={styles.warning}>
        {request.busy.length > 0
          ? t('transactions', { names: request.busy.join(', ') })
          : t('noTransactions')}
      </p>
      <label className={styles.force}>
        <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> {t('force')}
      </label>
      <div className={styles.dialogButtons}>
        <button type="button" onClick={() => onApply({ confirmRestart: true, force })}>
          {t('withRestart')}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => onApply({ confirmRestart: false, force: false })}
        >
          {t('runtimeOnly')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </dialog>
  );
}
