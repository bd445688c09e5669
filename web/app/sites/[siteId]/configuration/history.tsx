'use client';
import type { Site } from '@ampfleet/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useUnits } from '../../../../i18n/units';
import { useTRPC } from '../../../../lib/trpc';
import styles from './configuration.module.css';
import { describePath, formatValue } from './model';

// The site's configuration versions (author, time, comment), the diff between any two of them
// (config.diff), and revert: an older version's content saved as a new version (config.revert).

interface Props {
  siteId: string;
  site: Site | undefined;
  headVersion: number;
  timeZone: string | undefined;
  /** Reverting would drop unsaved edits: the tab asks to save or discard them first. */
  hasEdits: boolean;
  onReverted: (version: number) => void;
}

export function ConfigHistory({ siteId, site, headVersion, timeZone, hasEdits, onReverted }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const t = useTranslations('configuration.history');
  const u = useUnits();
  const history = useQuery(trpc.config.history.queryOptions({ siteId, limit: 50 }));
  const [pick, setPick] = useState<{ from?: number; to?: number }>({});
  const [confirming, setConfirming] = useState<number | undefined>();
  const revert = useMutation(
    trpc.config.revert.mutationOptions({
      onSuccess: async (saved) => {
        setConfirming(undefined);
        setPick({});
        await queryClient.invalidateQueries({ queryKey: trpc.config.pathKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.audit.pathKey() });
        onReverted(saved.version);
      },
    }),
  );
  const versions = history.data?.versions ?? [];
  // By default the latest change: the head against the one before it.
  const to = pick.to ?? versions[0]?.version;
  const from = pick.from ?? versions[1]?.version;
  const diff = useQuery(
    trpc.config.diff.queryOptions(
      { siteId, from: from ?? 1, to: to ?? 1 },
      { enabled: from !== undefined && to !== undefined && from !== to },
    ),
  );

  return (
    <section className="site" data-testid="config-history">
      <div className="site-head">
        <h2>{t('title')}</h2>
      </div>
      {history.isPending ? (
        <p className="muted">{t('loading')}</p>
      ) : history.isError ? (
        <p role="alert">{history.error.message}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th>{t('column.version')}</th>
                <th>{t('column.saved')}</th>
                <th>{t('column.author')}</th>
                <th>{t('column.comment')}</th>
                <th>{t('column.changes')}</th>
                <th>{t('column.compare')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.version} data-version={v.version}>
                  <td>
                    <strong>v{v.version}</strong>
                    {v.version === headVersion ? <span className="muted"> · {t('current')}</span> : null}
                  </td>
                  <td className={styles.nowrap}>{u.shortDateTime(v.savedAt, timeZone)}</td>
                  <td>{v.savedBy}</td>
                  <td data-testid="version-comment">{v.comment ?? ''}</td>
                  <td>{v.changeCount}</td>
                  <td className={styles.nowrap}>
                    <label className={styles.pick}>
                      <input
                        type="radio"
                        name="diff-from"
                        checked={from === v.version}
                        onChange={() => setPick({ from: v.version, to })}
                      />{' '}
                      {t('from')}
                    </label>{' '}
                    <label className={styles.pick}>
                      <input
                        type="radio"
                        name="diff-to"
                        checked={to === v.version}
                        onChange={() => setPick({ from, to: v.version })}
                      />{' '}
                      {t('to')}
                    </label>
                  </td>
                  <td>
                    {v.version === headVersion ? null : confirming === v.version ? (
                      <span className={styles.confirm}>
                        <button
                          type="button"
                          disabled={revert.isPending}
                          onClick={() =>
                            revert.mutate({ siteId, baseVersion: headVersion, toVersion: v.version })
                          }
                        >
                          {t('confirmRevert', { version: v.version })}
                        </button>
                        <button type="button" className="secondary" onClick={() => setConfirming(undefined)}>
                          {t('cancel')}
                        </button>
                      </span>
                    ) : (
                      <button
                        type="button"
                        className="secondary"
                        disabled={hasEdits}
                        onClick={() => setConfirming(v.version)}
                      >
                        {t('revert', { version: v.version })}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {revert.isError ? <p role="alert">{revert.error.message}</p> : null}
      {from === undefined || to === undefined ? null : from === to ? (
        <p className="muted">{t('pickTwo')}</p>
      ) : (
        <div data-testid="config-diff">
          <h3 className={styles.menu}>{t('diffTitle', { from, to })}</h3>
          {diff.isPending ? null : diff.isError ? (
            <p role="alert">{diff.error.message}</p>
          ) : diff.data.changes.length === 0 ? (
            <p className="muted">{t('noChanges')}</p>
          ) : (
            <div className="table-scroll">
              <table>
                <tbody>
                  {diff.data.changes.map((c) => {
                    const where = describePath(site, c.path);
                    return (
                      <tr key={c.path} data-path={c.path}>
                        <td>
                          {where.name}
                          {where.chargePointId ? (
                            <span className="muted"> · {where.chargePointId}</span>
                          ) : null}
                        </td>
                        <td className="muted">{t(`kind.${c.kind}`)}</td>
                        <td className={styles.diffValues}>
                          {c.secret ? (
                            <span className="muted">{t('secretChanged')}</span>
                          ) : (
                            <>
                              <del>{formatValue(c.from)}</del> → <ins>{formatValue(c.to)}</ins>
                            </>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
