'use client';
import { paramSpec, type Site } from '@ampfleet/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useCallback, useMemo, useState } from 'react';
import { useUnits } from '../../../../i18n/units';
import { useTRPC } from '../../../../lib/trpc';
import styles from './configuration.module.css';
import { ConfigHistory } from './history';
import { EcuSection } from './ecu-section';
import { useJumpTarget } from './jump';
import {
  applyEdits,
  describePath,
  editErrors,
  fieldKey,
  overlappingEdits,
  paramAnchor,
  rawOf,
  sameRaw,
  stationAnchor,
  valueIn,
  type Edits,
  type FieldRef,
  type RawValue,
} from './model';
import { AuditPreview } from './preview';

// The Configuration tab: the site's stations and ECUs with every parameter (ecu-section.tsx), the
// user's edits validated per field, a live audit preview of the draft (config.preview, on the server so
// stored secrets take part and there is one audit), save with a comment on the base version — a stale
// base keeps the edits and offers to put them on the latest — and the history with diff and revert.

type Conflict = { base: number; oldSite: Site; overlaps?: string[]; reloadedTo?: number };

export function ConfigurationTab({ siteId }: { siteId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const t = useTranslations('configuration');
  const u = useUnits();
  const config = useQuery(
    trpc.config.get.queryOptions({ siteId }, { refetchOnWindowFocus: false, staleTime: Infinity }),
  );
  const [edits, setEdits] = useState<Edits>({});
  const [comment, setComment] = useState('');
  const [status, setStatus] = useState<{ kind: 'saved' | 'refused' | 'fixFirst'; text: string }>();
  const [conflict, setConflict] = useState<Conflict>();
  const highlight = useJumpTarget(config.data !== undefined);

  const base = config.data;
  const errors = useMemo(() => editErrors(edits), [edits]);
  const errorCount = Object.keys(errors).length;
  const editCount = Object.keys(edits).length;
  const draft = useMemo(() => (base ? applyEdits(base.site, edits) : undefined), [base, edits]);

  const onEdit = useCallback(
    (ref: FieldRef, raw: RawValue) => {
      setStatus(undefined);
      setEdits((current) => {
        const key = fieldKey(ref);
        const next = { ...current };
        const stored = base ? valueIn(base.site, ref) : undefined;
        // Back to the stored value: no longer an edit.
        if (sameRaw(raw, rawOf(paramSpec(ref.key), stored))) delete next[key];
        else next[key] = { ref, raw };
        return next;
      });
    },
    [base],
  );

  const invalidate = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.config.pathKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.audit.pathKey() });
  };

  const save = useMutation(
    trpc.config.save.mutationOptions({
      onSuccess: async (saved) => {
        setEdits({});
        setComment('');
        setConflict(undefined);
        setStatus({ kind: 'saved', text: t('save.saved', { version: saved.version }) });
        await invalidate();
      },
      onError: (error) => {
        if (error.data?.code === 'CONFLICT' && base) setConflict({ base: base.version, oldSite: base.site });
        else setStatus({ kind: 'refused', text: t('save.refused', { message: error.message }) });
      },
    }),
  );

  const onSave = () => {
    if (!base || !draft) return;
    if (errorCount > 0) {
      setStatus({ kind: 'fixFirst', text: t('save.fixFirst', { count: errorCount }) });
      const first = Object.values(edits).find(({ ref }) => errors[fieldKey(ref)]);
      if (first) document.getElementById(`${paramAnchor(first.ref)}:input`)?.focus();
      return;
    }
    save.mutate({
      siteId,
      baseVersion: base.version,
      site: draft,
      ...(comment.trim() !== '' && { comment: comment.trim() }),
    });
  };

  // Conflict: load the latest head; the edits stay (keyed by field) and now apply on it.
  const reloadKeepingEdits = async () => {
    if (!conflict) return;
    const latest = await config.refetch();
    if (!latest.data) return;
    setConflict({
      ...conflict,
      overlaps: overlappingEdits(edits, conflict.oldSite, latest.data.site),
      reloadedTo: latest.data.version,
    });
  };

  if (config.isPending) return <p className="muted">{t('loading')}</p>;
  if (config.isError) return <p role="alert">{t('loadError', { message: config.error.message })}</p>;
  const head = config.data;
  const timeZone = head.site.timeZone;

  return (
    <div className={styles.layout} data-testid="configuration" data-version={head.version}>
      <section className="site">
        <div className="site-head">
          <h2>{t('title')}</h2>
          <span className="muted" data-testid="config-head">
            {t('head', {
              version: head.version,
              time: u.shortDateTime(head.savedAt, timeZone),
              author: head.savedBy,
            })}
            {head.comment ? ` ${t('headComment', { comment: head.comment })}` : ''}
          </span>
        </div>
        <p className="muted">{t('note')}</p>
        {head.site.stations.map((station) => (
          <div key={station.id} id={stationAnchor(station.id)} className={styles.station}>
            <h3>
              {t('station', { id: station.id })}{' '}
              <span className="muted">{[station.name, station.model].filter(Boolean).join(' · ')}</span>
            </h3>
            {station.ecus.map((ecu, i) => (
              <EcuSection
                key={ecu.chargePointId}
                stationId={station.id}
                ecu={ecu}
                edits={edits}
                errors={errors}
                highlight={highlight}
                open={
                  (i === 0 && station === head.site.stations[0]) ||
                  (highlight?.includes(`${station.id}/${ecu.chargePointId}`) ?? false)
                }
                onEdit={onEdit}
              />
            ))}
          </div>
        ))}
      </section>

      <aside className={styles.side}>
        <section className={`site ${styles.sticky}`} data-testid="save-panel">
          <div className="site-head">
            <h2>{t('preview.title')}</h2>
          </div>
          <AuditPreview
            siteId={siteId}
            baseVersion={head.version}
            draft={editCount > 0 && errorCount === 0 ? draft : undefined}
            blocked={errorCount > 0}
            site={head.site}
          />
          {conflict ? (
            <div className={styles.conflict} role="alert" data-testid="conflict">
              <p>{t('conflict.title', { version: conflict.base })}</p>
              {conflict.reloadedTo === undefined ? (
                <>
                  <p className="muted">{t('conflict.body')}</p>
                  <button type="button" onClick={() => void reloadKeepingEdits()}>
                    {t('conflict.reload')}
                  </button>
                </>
              ) : (
                <>
                  <p className="muted">{t('conflict.reloaded', { version: conflict.reloadedTo })}</p>
                  {conflict.overlaps && conflict.overlaps.length > 0 ? (
                    <p>
                      {t('conflict.overlap', {
                        fields: conflict.overlaps
                          .map((key) => {
                            const ref = edits[key]?.ref;
                            return ref
                              ? `${describePath(head.site, `stations[${ref.stationId}].ecus[${ref.chargePointId}].config.${ref.key}`).name} (${ref.chargePointId})`
                              : key;
                          })
                          .join(', '),
                      })}
                    </p>
                  ) : null}
                </>
              )}
            </div>
          ) : null}
          <div className={styles.saveForm}>
            <label>
              {t('save.comment')}
              <input
                name="comment"
                value={comment}
                maxLength={500}
                placeholder={t('save.commentPlaceholder')}
                onChange={(e) => setComment(e.target.value)}
              />
            </label>
            <div className={styles.buttons}>
              <button
                type="button"
                data-testid="save"
                disabled={
                  editCount === 0 ||
                  save.isPending ||
                  (conflict !== undefined && conflict.reloadedTo === undefined)
                }
                onClick={onSave}
              >
                {save.isPending ? t('save.saving') : t('save.button', { version: head.version + 1 })}
              </button>
              <button
                type="button"
                className="secondary"
                disabled={editCount === 0}
                onClick={() => {
                  setEdits({});
                  setConflict(undefined);
                  setStatus(undefined);
                }}
              >
                {t('save.discard')}
              </button>
            </div>
            <p className="muted" data-testid="edit-count">
              {t('save.changes', { count: editCount })}
            </p>
            {status ? (
              <p
                role={status.kind === 'saved' ? 'status' : 'alert'}
                data-testid="save-status"
                data-kind={status.kind}
                className={status.kind === 'saved' ? styles.ok : styles.error}
              >
                {status.text}
              </p>
            ) : null}
          </div>
        </section>
      </aside>

      <div className={styles.history}>
        <ConfigHistory
          siteId={siteId}
          site={head.site}
          headVersion={head.version}
          timeZone={timeZone}
          hasEdits={editCount > 0}
          onReverted={(version) => setStatus({ kind: 'saved', text: t('history.reverted', { version }) })}
        />
      </div>
    </div>
  );
}
