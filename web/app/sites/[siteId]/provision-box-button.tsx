'use client';
import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { useTRPC } from '../../../lib/trpc';
import styles from './provision-box.module.css';

// The button, its confirmation ("provisioning again rotates the box's credentials") and the one-time
// download of the edge bundle (.tar.gz): the bundle is not kept anywhere, so it is saved at once.

function download(fileName: string, base64: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/gzip' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ProvisionBoxButton({ siteId }: { siteId: string }) {
  const t = useTranslations('provision');
  const trpc = useTRPC();
  const [confirming, setConfirming] = useState(false);
  const provision = useMutation(
    trpc.sites.provision.mutationOptions({
      onSuccess: (box) => download(box.fileName, box.archiveBase64),
    }),
  );
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (confirming && d && !d.open) d.showModal();
    if (!confirming && d?.open) d.close();
  }, [confirming]);
  const done = provision.data;
  return (
    <section className={styles.box} aria-labelledby="provision-title" data-testid="provision-box">
      <h2 id="provision-title">{t('title')}</h2>
      <p className={styles.hint}>{t('intro')}</p>
      <button
        type="button"
        onClick={() => setConfirming(true)}
        disabled={provision.isPending}
        data-testid="provision-open"
      >
        {provision.isPending ? t('working') : t('button')}
      </button>
      {done && (
        <p role="status" data-testid="provision-done">
          {t('done', { file: done.fileName, chargePoints: done.chargePoints, mqttUrl: done.mqttUrl })}
        </p>
      )}
      {provision.error && (
        <p role="alert" className={styles.error}>
          {t('failed', { reason: provision.error.message })}
        </p>
      )}
      <dialog
        ref={dialog}
        className={styles.dialog}
        aria-labelledby="provision-confirm-title"
        data-testid="provision-confirm"
        onCancel={() => setConfirming(false)}
      >
        <h3 id="provision-confirm-title">{t('confirm.title', { siteId })}</h3>
        <p>{t('confirm.contents')}</p>
        <p className={styles.warning}>{t('confirm.rotates')}</p>
        <p>{t('confirm.once')}</p>
        <div className={styles.buttons}>
          <button
            type="button"
            data-testid="provision-confirm-button"
            onClick={() => {
              setConfirming(false);
              provision.mutate({ siteId });
            }}
          >
            {t('confirm.go')}
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            {t('confirm.cancel')}
          </button>
        </div>
      </dialog>
    </section>
  );
}
