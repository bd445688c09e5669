'use client';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../../lib/trpc';
import type { SitesGetOutput } from '../../../server/routers/sites/sites.types';
import { OperatorLimitControl } from '../../operator-limit';
import { Sessions } from './sessions';

// The Live tab: this one site, refetched every 2 s (sites.get reads only its partition), so new
// telemetry shows within the 5 s the console promises — never a re-read of the whole organisation.
const REFRESH_MS = 2000;

type Site = SitesGetOutput;
type ChargePoint = Site['chargePoints'][number];
type DlmNetwork = Site['dlmNetworks'][number];

const amps = (a: number | undefined) => (a === undefined ? '–' : `${a.toFixed(1)} A`);
const time = (iso: string | undefined) => (iso ? new Date(iso).toLocaleTimeString() : '–');
const kWh = (wh: number | undefined) => (wh === undefined ? '–' : `${(wh / 1000).toFixed(2)} kWh`);

type Connector = ChargePoint['connectors'][number];

/** Whether a session runs on the connector: its id, the masked card and the energy charged so far. */
function Session({ connector }: { connector: Connector | undefined }) {
  const session = connector?.session;
  if (!session) return <span className="muted">none</span>;
  return (
    <span className="session" title={`transaction ${session.transactionId}`}>
      <span className="badge ok">active</span> {session.idTagMasked} · {kWh(connector.sessionEnergyWh)}
      <div className="muted">since {time(session.startedAt)}</div>
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
  return (
    <span className="phases" aria-label={label}>
      <span data-phase="L1">{amps(value?.l1)}</span>
      <span data-phase="L2">{amps(value?.l2)}</span>
      <span data-phase="L3">{amps(value?.l3)}</span>
    </span>
  );
}

function ChargePointRow({ cp }: { cp: ChargePoint }) {
  const connector =
    cp.connectors.find((c) => c.connectorId === 1) ?? cp.connectors.find((c) => c.connectorId > 0);
  const status = connector?.status ?? 'Unknown';
  return (
    <tr data-charge-point={cp.chargePointId}>
      <td>
        <strong>{cp.chargePointId}</strong>
        <div className="muted">
          {cp.model ?? '–'} · fw {cp.firmwareVersion ?? '–'}
        </div>
      </td>
      <td>
        <span className={`badge ${cp.online ? 'ok' : 'off'}`}>{cp.online ? 'online' : 'offline'}</span>
      </td>
      <td>
        <span className={`status status-${status}`} data-testid="connector-status">
          {status}
        </span>
      </td>
      <td data-testid="current-import">
        <Phases label="current drawn per phase" value={connector?.currentImport} />
      </td>
      <td>
        <Phases label="current offered per phase" value={connector?.currentOffered} />
      </td>
      <td data-testid="session">
        <Session connector={connector} />
      </td>
      <td className="muted">{time(connector?.meterAt ?? cp.seenAt)}</td>
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
  const connected = meterConnected(network);
  const state = network.state;
  const meterBadge =
    connected === undefined ? (
      <span className="badge off" data-testid="meter-status">
        no meter
      </span>
    ) : connected ? (
      <span className="badge ok" data-testid="meter-status">
        meter connected
      </span>
    ) : (
      <span className="badge bad" data-testid="meter-status" role="status">
        meter disconnected{state?.externalMeter.usingFallback ? ' · fallback limit' : ''}
      </span>
    );
  return (
    <div className="dlm" data-dlm-network={network.networkId}>
      <div className="dlm-head">
        <strong>DLM {network.networkId}</strong>
        <span className="muted">master {network.masterChargePointId}</span>
        {meterBadge}
        {state?.imbalance.exceeded ? (
          <span className="badge bad">imbalance {amps(state.imbalance.drawn)}</span>
        ) : null}
      </div>
      <dl className="dlm-figures">
        <div>
          <dt>Limit</dt>
          <dd data-testid="dlm-effective-limit">
            <Phases label="effective DLM limit per phase" value={state?.limits.effective} />
          </dd>
        </div>
        <div>
          <dt>Offered</dt>
          <dd>
            <Phases label="offered current per phase" value={state?.offered} />
          </dd>
        </div>
        <div>
          <dt>Drawn</dt>
          <dd>
            <Phases label="drawn current per phase" value={state?.drawn} />
          </dd>
        </div>
        <div>
          <dt>Meter</dt>
          <dd>
            <Phases label="meter current per phase" value={connected ? network.meter?.currents : undefined} />
          </dd>
        </div>
      </dl>
    </div>
  );
}

function SiteCard({ site }: { site: Site }) {
  return (
    <section className="site" data-site={site.siteId}>
      <div className="site-head">
        <h2>{site.name}</h2>
        <span className="muted">
          {site.chargePoints.length} charge points · last telemetry {time(site.lastTelemetryAt)}
        </span>
        <span className="site-total">
          Σ <Phases label="site current per phase" value={site.totalCurrentImport} />
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
              <th>Charge point</th>
              <th>Link</th>
              <th>Connector</th>
              <th>Drawn L1 / L2 / L3</th>
              <th>Offered L1 / L2 / L3</th>
              <th>Session</th>
              <th>Updated</th>
            </tr>
          </thead>
          <tbody>
            {site.chargePoints.map((cp) => (
              <ChargePointRow key={cp.chargePointId} cp={cp} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function SiteLive({ siteId }: { siteId: string }) {
  const trpc = useTRPC();
  const site = useQuery(trpc.sites.get.queryOptions({ siteId }, { refetchInterval: REFRESH_MS }));
  if (site.isPending) return <p className="muted">Loading the site…</p>;
  if (site.isError) return <p role="alert">Could not load the site: {site.error.message}</p>;
  return (
    <div data-testid="site-live" data-generated-at={site.data.generatedAt}>
      <SiteCard site={site.data} />
      <Sessions siteId={siteId} />
    </div>
  );
}
