import type { DashboardGetOutput } from '../../../server/routers/dashboard/get.types';
import type { Formats } from '../format';
import type { Translate } from '../i18n';

// Live power (large) and the per-phase charging current as bars against the limit line.

type Dashboard = DashboardGetOutput;
const PHASES = ['l1', 'l2', 'l3'] as const;

export function PowerCard({ d, t, f }: { d: Dashboard; t: Translate; f: Formats }) {
  return (
    <section className="card" aria-labelledby="power-title">
      <h2 id="power-title">{t('power.title')}</h2>
      <p className="big" data-testid="power-now">
        {d.power.chargingW !== undefined ? f.kW(d.power.chargingW) : '–'}
      </p>
      {d.power.chargingW === undefined ? <p className="muted">{t('power.unknown')}</p> : null}
      {d.power.meterW !== undefined ? (
        <p className="muted">{t('power.meter', { value: f.kW(d.power.meterW) })}</p>
      ) : null}
    </section>
  );
}

export function PhaseBars({ d, t, f }: { d: Dashboard; t: Translate; f: Formats }) {
  const { drawn, limit } = d.current;
  // The bar's full width is a little above the larger of limit and current, so the limit line shows.
  const scale = Math.max(1, ...PHASES.map((p) => Math.max(drawn[p], limit?.[p] ?? 0))) * 1.1;
  const pct = (a: number) => `${Math.min(100, (a / scale) * 100).toFixed(1)}%`;
  return (
    <section className="card" aria-labelledby="current-title">
      <h2 id="current-title">{t('current.title')}</h2>
      <ul className="phases-list">
        {PHASES.map((p, i) => {
          const value = drawn[p];
          const max = limit?.[p];
          const over = max !== undefined && value > max;
          const label = t('current.phase', { phase: `L${i + 1}` });
          return (
            <li key={p} data-phase={`L${i + 1}`}>
              <div className="phase-head">
                <span className="phase-name">L{i + 1}</span>
                <span className="phase-value" data-testid={`current-${p}`}>
                  {f.amps(value)}
                </span>
                {max !== undefined ? (
                  <span className="muted">{t('current.ofLimit', { limit: f.amps(max) })}</span>
                ) : null}
              </div>
              <div
                className={`bar${over ? ' over' : ''}`}
                role="meter"
                aria-label={label}
                aria-valuemin={0}
                aria-valuemax={max ?? scale}
                aria-valuenow={value}
                aria-valuetext={max !== undefined ? `${f.amps(value)} / ${f.amps(max)}` : f.amps(value)}
              >
                <span className="bar-fill" style={{ width: pct(value) }} />
                {max !== undefined ? (
                  <span className="bar-limit" style={{ left: pct(max) }} title={t('current.limit')} />
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
      {limit === undefined ? <p className="muted">{t('current.noLimit')}</p> : null}
    </section>
  );
}

export function TodayCard({ d, t, f }: { d: Dashboard; t: Translate; f: Formats }) {
  return (
    <section className="card" aria-labelledby="today-title">
      <h2 id="today-title">{t('today.title')}</h2>
      <dl className="figures-2">
        <div>
          <dt>{t('today.sessions')}</dt>
          <dd className="big" data-testid="sessions-today">
            {f.count(d.today.sessions)}
          </dd>
        </div>
        <div>
          <dt>{t('today.energy')}</dt>
          <dd className="big" data-testid="energy-today">
            {f.kWh(d.today.energyWh)}
          </dd>
        </div>
      </dl>
    </section>
  );
}
