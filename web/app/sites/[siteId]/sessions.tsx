'use client';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../../lib/trpc';

// The site's recent charging sessions (transactions.list), refetched with the Live tab.
const REFRESH_MS = 5000;
const time = (iso: string | undefined) => (iso ? new Date(iso).toLocaleString() : '–');
const kWh = (wh: number | undefined) => (wh === undefined ? '–' : `${(wh / 1000).toFixed(2)} kWh`);

export function Sessions({ siteId }: { siteId: string }) {
  const trpc = useTRPC();
  const tx = useQuery(
    trpc.transactions.list.queryOptions({ siteId, limit: 20 }, { refetchInterval: REFRESH_MS }),
  );
  return (
    <section className="site" data-testid="sessions">
      <div className="site-head">
        <h2>Recent sessions</h2>
        <span className="muted">newest first · idTags masked</span>
      </div>
      {tx.isPending ? (
        <p className="muted">Loading sessions…</p>
      ) : tx.isError ? (
        <p role="alert">Could not load sessions: {tx.error.message}</p>
      ) : tx.data.transactions.length === 0 ? (
        <p className="muted">No sessions yet.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th>Charge point</th>
                <th>Card</th>
                <th>Started</th>
                <th>Stopped</th>
                <th>Energy</th>
              </tr>
            </thead>
            <tbody>
              {tx.data.transactions.map((t) => (
                <tr key={`${t.chargePointId}-${t.transactionId}-${t.startedAt}`}>
                  <td>
                    {t.chargePointId}
                    {t.connectorId !== undefined ? ` · ${t.connectorId}` : ''}
                  </td>
                  <td>{t.idTagMasked ?? '–'}</td>
                  <td>{time(t.startedAt)}</td>
                  <td>{t.stoppedAt ? time(t.stoppedAt) : <span className="badge ok">running</span>}</td>
                  <td>{kWh(t.energyWh)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
