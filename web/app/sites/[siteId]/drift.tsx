'use client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { useTRPC } from '../../../lib/trpc';
import { DriftConfirm, type ApplyRequest } from './drift-confirm';
import { DriftEcu } from './drift-ecu';
import styles from './drift.module.css';

// The Drift tab: desired vs reported per ECU (drift.get), "apply desired" per ECU and for the site
// (drift.applyDesired), and the run's per-ECU progress (drift.applyStatus). Only this tab's data is refreshed,
// and only while a run is in flight.
const REFRESH_MS = 2000;

export function SiteDrift({ siteId }: { siteId: string }) {
  const trpc = useTRPC();
  const t = useTranslations('drift');
  const format = useFormatter();
  const [running, setRunning] = useState(false);
  const [asking, setAsking] = useState<ApplyRequest | undefined>();
  const drift = useQuery(
    trpc.drift.get.queryOptions({ siteId }, { refetchInterval: running ? REFRESH_MS : false }),
  );
  const transactions = useQuery(trpc.transactions.list.queryOptions({ siteId, limit: 50 }));
  const status = useMutation(trpc.drift.applyStatus.mutationOptions());
  const apply = useMutation(
    trpc.drift.applyDesired.mutationOptions({
      onSuccess: (out) => status.mutate({ siteId, runId: out.runId }),
    }),
  );
  const run = status.data?.run;

  // The newest run once, then its progress while it is in flight.
  const { mutate: readStatus } = status;
  useEffect(() => readStatus({ siteId }), [readStatus, siteId]);
  useEffect(() => {
    setRunning(run?.inFlight === true);
    if (!run?.inFlight) return;
    const timer = setInterval(() => readStatus({ siteId, runId: run.runId }), REFRESH_MS);
    return () => clearInterval(timer);
  }, [readStatus, run?.inFlight, run?.runId, siteId]);
  // When a run has finished: the drift once more, as the ECUs now report it.
  const { refetch: refetchDrift } = drift;
  useEffect(() => {
    if (run && !run.inFlight) void refetchDrift();
  }, [refetchDrift, run]);

  if (drift.isPending) return <p className="muted">{t('loading')}</p>;
  if (drift.isError) return <p role="alert">{t('loadError', { message: drift.error.message })}</p>;
  const busy = new Set(
    (transactions.data?.transactions ?? []).filter((x) => !x.stoppedAt).map((x) => x.chargePointId),
  );
  const drifted = drift.data.ecus.filter((e) => (e.drift?.drifted.length ?? 0) > 0);

  const request = (chargePointIds: string[] | undefined) => {
    const ecus = drifted.filter((e) => !chargePointIds || chargePointIds.includes(e.chargePointId));
    const restart = ecus.flatMap((e) =>
      (e.drift?.drifted ?? [])
        .filter((d) => d.apply === 'saveAndRestart')
        .map((d) => ({ chargePointId: e.chargePointId, name: d.name })),
    );
    const req: ApplyRequest = {
      ...(chargePointIds && { chargePointIds }),
      restart,
      busy: ecus.map((e) => e.chargePointId).filter((cp) => busy.has(cp)),
    };
    if (restart.length > 0) setAsking(req);
    else apply.mutate({ siteId, ...(chargePointIds && { chargePointIds }) });
  };

  const { counts } = drift.data;
  return (
    <section className="site" data-testid="drift">
      <div className="site-head">
        <h2>{t('title')}</h2>
        <span className="muted">
          {t('counts', {
            count: counts.ecus,
            inSync: counts.inSync,
            drifted: counts.drifted,
            unreported: counts.unreported,
          })}
        </span>
      </div>
      <p className="muted">{t('note', { version: drift.data.version })}</p>
      <div className={styles.actions}>
        <button
          type="button"
          disabled={drifted.length === 0 || apply.isPending || running}
          onClick={() => request(undefined)}
        >
          {apply.isPending ? t('applying') : t('applySite')}
        </button>
        {drifted.length === 0 && <span className="muted">{t('nothingToApply')}</span>}
        {apply.isError && <span role="alert">{t('applyError', { message: apply.error.message })}</span>}
      </div>
      {run && (
        <p className={styles.run} data-testid="drift-run" data-in-flight={run.inFlight}>
          {t('progress.title', {
            time: format.dateTime(new Date(run.createdAt), { timeStyle: 'short' }),
            by: run.createdBy,
          })}{' '}
          · {run.inFlight ? t('progress.inFlight') : t('progress.finished')}
        </p>
      )}
      {drift.data.ecus.map((ecu) => (
        <DriftEcu
          key={ecu.chargePointId}
          ecu={ecu}
          progress={run?.ecus.find((p) => p.chargePointId === ecu.chargePointId)}
          transactionRunning={busy.has(ecu.chargePointId)}
          canApply={!apply.isPending && !running}
          onApply={() => request([ecu.chargePointId])}
        />
      ))}
      {asking && (
        <DriftConfirm
          request={asking}
          onCancel={() => setAsking(undefined)}
          onApply={(options) => {
            setAsking(undefined);
            apply.mutate({
              siteId,
              ...(asking.chargePointIds && { chargePointIds: asking.chargePointIds }),
              ...options,
            });
          }}
        />
      )}
    </section>
  );
}
