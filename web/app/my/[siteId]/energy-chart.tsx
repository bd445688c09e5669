import type { DashboardGetOutput } from '../../../server/routers/dashboard/get.types';
import type { Formats } from '../format';
import type { Translate } from '../i18n';

// Energy per day this month as hand-drawn SVG bars, rendered on the server: no chart library and no
// client JavaScript on the phone (uPlot alone would add ~20 kB gzip and draw on a canvas a screen
// reader cannot read). The values are also a table behind a disclosure, and each bar has a title.

const W = 320;
const H = 120;
const AXIS = 16;

export function EnergyChart({ d, t, f }: { d: DashboardGetOutput; t: Translate; f: Formats }) {
  const { month, days, energyWh } = d.month;
  const [year = 0, monthNo = 1] = month.split('-').map(Number);
  const slots = new Date(Date.UTC(year, monthNo, 0)).getUTCDate(); // days in the month
  const max = Math.max(1000, ...days.map((x) => x.energyWh)); // at least 1 kWh of scale
  const slot = W / slots;
  const plot = H - AXIS;
  const title = t('month.chart', { month: f.monthName(month), total: f.kWh(energyWh) });
  return (
    <section className="card" aria-labelledby="month-title">
      <h2 id="month-title">{t('month.title')}</h2>
      <p className="big" data-testid="energy-month">
        {f.kWh(energyWh)}
      </p>
      <svg
        className="chart"
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={title}
        data-testid="energy-chart"
      >
        <line x1={0} y1={plot} x2={W} y2={plot} className="chart-axis" />
        <text x={2} y={12} className="chart-label">
          {f.kWh(max)}
        </text>
        {days.map((x, i) => {
          const h = (x.energyWh / max) * (plot - 14);
          return (
            <rect
              key={x.day}
              x={i * slot + slot * 0.15}
              y={plot - h}
              width={slot * 0.7}
              height={h}
              className={i === days.length - 1 ? 'chart-bar today' : 'chart-bar'}
            >
              <title>{`${f.day(x.day)}: ${f.kWh(x.energyWh)}`}</title>
            </rect>
          );
        })}
        {[1, 8, 15, 22, 29]
          .filter((n) => n <= slots)
          .map((n) => (
            <text key={n} x={(n - 0.5) * slot} y={H - 3} className="chart-label" textAnchor="middle">
              {n}
            </text>
          ))}
      </svg>
      <details className="chart-values">
        <summary>{t('month.showValues')}</summary>
        <table>
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('month.day')}</th>
              <th scope="col">{t('month.energy')}</th>
            </tr>
          </thead>
          <tbody>
            {days.map((x) => (
              <tr key={x.day}>
                <td>{f.day(x.day)}</td>
                <td>{f.kWh(x.energyWh)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
