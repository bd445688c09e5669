import type { DashboardGetOutput } from '../../../server/routers/dashboard/get.types';
import type { Formats } from '../format';
import type { MessageKey, Translate } from '../i18n';

// Faults in plain words with what to do, and the limit with who set it and the schedule.

type Dashboard = DashboardGetOutput;

export function Faults({ d, t, f }: { d: Dashboard; t: Translate; f: Formats }) {
  return (
    <section className="card" aria-labelledby="faults-title">
      <h2 id="faults-title">{t('faults.title')}</h2>
      {d.faults.length === 0 ? (
        <p className="ok-text" data-testid="no-faults">
          {t('faults.none')}
        </p>
      ) : (
        <ul className="fault-list">
          {d.faults.map((fault) => (
            <li
              key={`${fault.code}-${fault.chargePointId}-${fault.connectorId ?? 0}`}
              className={fault.blocking ? 'fault blocking' : 'fault'}
              data-fault={fault.code}
            >
              <strong>{t(`faults.code.${fault.code}.what` as MessageKey)}</strong>
              <span className="muted">
                {fault.since !== undefined
                  ? t('faults.where', {
                      chargePoint: fault.chargePointId,
                      time: f.since(fault.since, d.generatedAt),
                    })
                  : t('faults.whereNoTime', { chargePoint: fault.chargePointId })}
              </span>
              <span>{t('faults.todo', { todo: t(`faults.code.${fault.code}.todo` as MessageKey) })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const SOURCES = ['subDistribution', 'operator', 'downgrade', 'externalMeter'] as const;

export function LimitCard({ d, t, f }: { d: Dashboard; t: Translate; f: Formats }) {
  const { limit, limitSource, operatorLimit } = d.current;
  // One figure when the phases agree (the usual case), else all three.
  const perPhase = (p: { l1: number; l2: number; l3: number }) =>
    p.l1 === p.l2 && p.l2 === p.l3 ? f.amps(p.l1) : `${f.amps(p.l1)} / ${f.amps(p.l2)} / ${f.amps(p.l3)}`;
  const sources = (limitSource ?? [])
    .filter((s): s is (typeof SOURCES)[number] => (SOURCES as readonly string[]).includes(s))
    .map((s) => t(`limit.source.${s}`));
  return (
    <section className="card" aria-labelledby="limit-title">
      <h2 id="limit-title">{t('limit.title')}</h2>
      <dl className="limit-list">
        <div>
          <dt>{t('limit.current')}</dt>
          <dd data-testid="limit">
            {limit !== undefined ? t('limit.perPhase', { value: perPhase(limit) }) : t('limit.unknown')}
          </dd>
          {sources.length > 0 ? (
            <dd className="muted">{t('limit.setBy', { sources: sources.join(', ') })}</dd>
          ) : null}
          {operatorLimit !== undefined ? (
            <dd className="muted">{t('limit.operator', { value: perPhase(operatorLimit) })}</dd>
          ) : null}
        </div>
        <div>
          <dt>{t('limit.schedule')}</dt>
          <dd data-testid="schedule">{t('limit.noSchedule')}</dd>
        </div>
      </dl>
    </section>
  );
}
