'use client';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { NO_VALUE, useUnits } from '../../../i18n/units';
import { useTRPC } from '../../../lib/trpc';

// The site's recent charging sessions (transactions.list), refetched with the Live tab; their times
// in the site's time zone.
const REFRESH_MS = 5000;

export function Sessions({ siteId, timeZone }: { siteId: string; timeZone: string | undefined }) {
  const trpc = useTRPC();
  const t = useTranslations('site.sessions');
  const u = useUnits();
  const tx = useQuery(
    trpc.transactions.list.queryOptions({ siteId, limit: 20 }, { refetchInterval: REFRESH_MS }),
  );
  return (
    <section className="site" data-testid="sessions">
      <div className="site-head">
        <h2>{t('title')}</h2>
        <span className="muted">{t('note')}</span>
      </div>
      {tx.isPending ? (
        <p className="muted">{t('loading')}</p>
      ) : tx.isError ? (
        <p role="alert">{t('loadError', { message: tx.error.message })}</p>
      ) : tx.data.transactions.length === 0 ? (
        <p className="muted">{t('none')}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th>{t('column.chargePoint')}</th>
                <th>{t('column.card')}</th>
                <th>{t('column.started')}</th>
                <th>{t('column.stopped')}</th>
                <th>{t('column.energy')}</th>
              </tr>
            </thead>
            <tbody>
              {tx.data.transactions.map((x) => (
                <tr key={`${x.chargePointId}-${x.transactionId}-${x.startedAt}`}>
                  <td>
                    {x.chargePointId}
                    {x.connectorId !== undefined ? ` · ${x.connectorId}` : ''}
                  </td>
                  <td>{x.idTagMasked ?? NO_VALUE}</td>
                  <td>{u.shortDateTime(x.startedAt, timeZone)}</td>
                  <td>
                    {x.stoppedAt ? (
                      u.shortDateTime(x.stoppedAt, timeZone)
                    ) : (
                      <span className="badge ok">{t('running')}</span>
                    )}
                  </td>
                  <td>{u.kWh(x.energyWh)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
