'use client';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { NO_VALUE, useUnits } from '../../../i18n/units';
import { useTRPC } from '../../../lib/trpc';
import type { SitesGetOutput } from '../../../server/routers/sites/sites.types';
import { OperatorLimitControl } from '../../operator-limit';
import { Sessions } from './sessions';

// The Live tab: this one site, refetched every 2 s (sites.get reads only its partition), so new
// telemetry shows within the 5 s the console promises — never a re-read of the whole organisation.
// Its times are the site's: formatted in the site's IANA time zone, named once in the card's head.
const REFRESH_MS = 2000;

type Site = SitesGetOutput;
type ChargePoint = Site['chargePoints'][number];
type DlmNetwork = Site['dlmNetworks'][number];
type Connector = ChargePoint['connectors'][number];

/** Whether a session runs on the connector: its id, the masked card and the energy charged so far. */
function Session({
  connector,
  timeZone,
}: {
  connector: Connector | undefined;
  timeZone: string | undefined;
}) {
  const t = useTranslations('site.session');
  const u = useUnits();
  const session = connector?.session;
  if (!session) return <span className="muted">{t('none')}</span>;
  return (
    <span className="session" title={t('transaction', { id: String(session.transactionId) })}>
      <span className="badge ok">{t('active')}</span> {session.idTagMasked} ·{' '}
      {u.kWh(connector.sessionEnergyWh)}
      <div className="muted">{t('since', { time: u.time(session.startedAt, timeZone) })}</div>
    </span>
  );
}

function Phases({
  label,
  value,
}: {
  label: string;
  value: { l1: number; l2: number; l3: number } | undefined;
}) {
  const u = useUnits();
  return (
    <span className="phases" aria-label={label}>
      <span data-phase="L1">{u.amps(value?.l1)}</span>
      <span data-phase="L2">{u.amps(value?.l2)}</span>
      <span data-phase="L3">{u.amps(value?.l3)}</span>
    </span>
  );
}

function ChargePointRow({ cp, timeZone }: { cp: ChargePoint; timeZone: string | undefined }) {
  const t = useTranslations('site');
  const u = useUnits();
  const connector =
    cp.connectors.find((c) => c.connectorId === 1) ?? cp.connectors.find((c) => c.connectorId > 0);
  const status = connector?.status ?? 'Unknown';
  return (
    <tr data-charge-point={cp.chargePointId}>
      <td>
        <strong>{cp.chargePointId}</strong>
        <div className="muted">
          {t('chargePoint.model', { model: cp.model ?? NO_VALUE, firmware: cp.firmwareVersion ?? NO_VALUE })}
        </div>
      </td>
      <td>
        <span className={`badge ${cp.online ? 'ok' : 'off'}`}>
          {cp.online ? t('chargePoint.online') : t('chargePoint.offline')}
        </span>
      </td>
      <td>
        {/* The OCPP 1.6 status itself in the tooltip and the class; its meaning in words. */}
        <span
          className={`status status-${status}`}
          data-testid="connector-status"
          data-status={status}
          title={status}
        >
          {t(`connectorStatus.${status}`)}
        </span>
      </td>
      <td data-testid="current-import">
        <Phases label={t('phases.drawn')} value={connector?.currentImport} />
      </td>
      <td>
        <Phases label={t('phases.offered')} value={connector?.currentOffered} />
      </td>
      <td data-testid="session">
        <Session connector={connector} timeZone={timeZone} />
      </td>
      <td className="muted">{u.time(connector?.meterAt ?? cp.seenAt, timeZone)}</td>
    </tr>
  );
}

/** Meter link: the newer of the meter reading and the DLM state decides (both say connected or not). */
function meterConnected(n: DlmNetwork): boolean | undefined {
  const fromMeter = n.meter?.connected;
  const fromState = n.state?.externalMeter.connected;
  if (fromMeter === undefined) return fromState;
  if (fromState === undefined) return fromMeter;
  return (n.meterAt ?? '') >= (n.stateAt ?? '') ? fromMeter : fromState;
}

function DlmPanel({ network }: { network: DlmNetwork }) {
  const t = useTranslations('site.dlm');
  const u = useUnits();
  const connected = meterConnected(network);
  const state = network.state;
  const meterBadge =
    connected === undefined ? (
      <span className="badge off" data-testid="meter-status" data-meter="none">
        {t('meter.none')}
      </span>
    ) : connected ? (
      <span className="badge ok" data-testid="meter-status" data-meter="connected">
        {t('meter.connected')}
      </span>
    ) : (
      <span className="badge bad" data-testid="meter-status" data-meter="disconnected" role="status">
        {state?.externalMeter.usingFallback ? t('meter.disconnectedFallback') : t('meter.disconnected')}
      </span>
    );
  return (
    <div className="dlm" data-dlm-network={network.networkId}>
      <div className="dlm-head">
        <strong>{t('title', { networkId: network.networkId })}</strong>
        <span className="muted">{t('master', { id: network.masterChargePointId })}</span>
        {meterBadge}
        {state?.imbalance.exceeded ? (
          <span className="badge bad">{t('imbalance', { amps: u.amps(state.imbalance.drawn) })}</span>
        ) : null}
      </div>
      <dl className="dlm-figures">
        <div>
          <dt>{t('limit')}</dt>
          <dd data-testid="dlm-effective-limit">
            <Phases label={t('limitAria')} value={state?.limits.effective} />
          </dd>
        </div>
        <div>
          <dt>{t('offered')}</dt>
          <dd>
            <Phases label={t('offeredAria')} value={state?.offered} />
          </dd>
        </div>
        <div>
          <dt>{t('drawn')}</dt>
          <dd>
            <Phases label={t('drawnAria')} value={state?.drawn} />
          </dd>
        </div>
        <div>
          <dt>{t('meterCurrents')}</dt>
          <dd>
            <Phases label={t('meterCurrentsAria')} value={connected ? network.meter?.currents : undefined} />
          </dd>
        </div>
      </dl>
    </div>
  );
}

function SiteCard({ site }: { site: Site }) {
  const t = useTranslations('site');
  const u = useUnits();
  const timeZone = site.timeZone;
  return (
    <section className="site" data-site={site.siteId}>
      <div className="site-head">
        <h2>{site.name}</h2>
        <span className="muted">
          {t('head.summary', {
            count: site.chargePoints.length,
            time: u.time(site.lastTelemetryAt, timeZone),
          })}
          {timeZone ? <> · {t('head.timeZone', { zone: timeZone })}</> : null}
        </span>
        <span className="site-total">
          Σ <Phases label={t('phases.site')} value={site.totalCurrentImport} />
        </span>
      </div>
      {site.dlmNetworks.map((n) => (
        <DlmPanel key={n.networkId} network={n} />
      ))}
      <OperatorLimitControl
        siteId={site.siteId}
        chargePointIds={site.chargePoints.map((c) => c.chargePointId)}
      />
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th>{t('column.chargePoint')}</th>
              <th>{t('column.link')}</th>
              <th>{t('column.connector')}</th>
              <th>{t('column.drawn')}</th>
              <th>{t('column.offered')}</th>
              <th>{t('column.session')}</th>
              <th>{t('column.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {site.chargePoints.map((cp) => (
              <ChargePointRow key={cp.chargePointId} cp={cp} timeZone={timeZone} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function SiteLive({ siteId }: { siteId: string }) {
  const trpc = useTRPC();
  const t = useTranslations('site');
  const site = useQuery(trpc.sites.get.queryOptions({ siteId }, { refetchInterval: REFRESH_MS }));
  if (site.isPending) return <p className="muted">{t('loading')}</p>;
  if (site.isError) return <p role="alert">{t('loadError', { message: site.error.message })}</p>;
  return (
    <div data-testid="site-live" data-generated-at={site.data.generatedAt}>
      <SiteCard site={site.data} />
      <Sessions siteId={siteId} timeZone={site.data.timeZone} />
    </div>
  );
}
