import type { DashboardGetOutput } from '../../../server/routers/dashboard/get.types';
import type { Formats } from '../format';
import type { Translate } from '../i18n';
import { setPaused } from './actions';
import { PauseButton } from './pause-button';

// The charge points in plain states, each with the owner's one action: pause or resume charging.

type ChargePoint = DashboardGetOutput['chargePoints'][number];

const TONE: Partial<Record<ChargePoint['state'], string>> = {
  charging: 'ok',
  paused: 'warn',
  waitingForPower: 'warn',
  faulted: 'bad',
  offline: 'bad',
  unavailable: 'bad',
};

function PauseStatus({ cp, t }: { cp: ChargePoint; t: Translate }) {
  const { pending, failed } = cp.pause;
  if (pending)
    return (
      <p className="muted">{t(pending === 'pause' ? 'chargePoints.pauseSent' : 'chargePoints.resumeSent')}</p>
    );
  if (failed)
    return (
      <p className="notice bad" role="status">
        {t(failed === 'pause' ? 'chargePoints.pauseFailed' : 'chargePoints.resumeFailed')}
      </p>
    );
  return null;
}

/** A car is plugged in: pausing means something (an idle charge point has nothing to pause). */
const PLUGGED_IN = new Set<ChargePoint['state']>([
  'charging',
  'paused',
  'waitingForPower',
  'carNotCharging',
  'preparing',
]);
const offersAction = (cp: ChargePoint) =>
  PLUGGED_IN.has(cp.state) ||
  cp.pause.paused ||
  cp.pause.pending !== undefined ||
  cp.pause.failed !== undefined;

export function ChargePoints({ d, t, f }: { d: DashboardGetOutput; t: Translate; f: Formats }) {
  return (
    <section className="card" aria-labelledby="cps-title">
      <h2 id="cps-title">{t('chargePoints.title')}</h2>
      {d.chargePoints.length === 0 ? <p className="muted">{t('chargePoints.none')}</p> : null}
      <ul className="cp-list">
        {d.chargePoints.map((cp) => {
          const action = cp.pause.paused ? 'resume' : 'pause';
          return (
            <li key={cp.chargePointId} data-charge-point={cp.chargePointId} data-state={cp.state}>
              <div className="cp-head">
                <strong className="cp-name">{cp.chargePointId}</strong>
                <span className={`pill ${TONE[cp.state] ?? ''}`} data-testid="cp-state">
                  {t(`chargePoints.state.${cp.state}`)}
                </span>
              </div>
              <p className="muted">
                {[
                  cp.powerW !== undefined && cp.powerW > 0 ? f.kW(cp.powerW) : undefined,
                  cp.sessionEnergyWh !== undefined
                    ? t('chargePoints.energy', { value: f.kWh(cp.sessionEnergyWh) })
                    : undefined,
                  cp.since !== undefined
                    ? t('chargePoints.since', { time: f.since(cp.since, d.generatedAt) })
                    : undefined,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </p>
              <PauseStatus cp={cp} t={t} />
              {offersAction(cp) ? (
                <form action={setPaused} className="cp-action">
                  <input type="hidden" name="siteId" value={d.siteId} />
                  <input type="hidden" name="chargePointId" value={cp.chargePointId} />
                  <input type="hidden" name="action" value={action} />
                  <PauseButton
                    label={t(action === 'pause' ? 'chargePoints.pause' : 'chargePoints.resume')}
                    pendingLabel={t(action === 'pause' ? 'chargePoints.pausing' : 'chargePoints.resuming')}
                    primary={action === 'resume'}
                    disabled={cp.pause.pending !== undefined || cp.state === 'offline'}
                  />
                </form>
              ) : null}
            </li>
          );
        })}
      </ul>
      {d.chargePoints.some(offersAction) ? (
        <p className="muted small">{t('chargePoints.pauseHint')}</p>
      ) : null}
    </section>
  );
}
