import type { ChargePointRecord, ConnectorRecord, DlmNetworkRecord, SiteRecord } from './records';
import { sessionEnergyWh } from './sessions';

// The fleet as the console shows it: sites → charge points → connectors, sorted, with derived state.

export interface ConnectorView extends ConnectorRecord {
  /** Energy charged in the active session so far (Wh). */
  sessionEnergyWh?: number;
}

export interface ChargePointView extends ChargePointRecord {
  online: boolean;
  connectors: ConnectorView[];
}

export interface SiteView extends SiteRecord {
  chargePoints: ChargePointView[];
  /** Sum of the site's per-phase charging currents (A). */
  totalCurrentImport: { l1: number; l2: number; l3: number };
  /** The site's DLM networks (latest state and meter reading), by network id. */
  dlmNetworks: DlmNetworkRecord[];
}

/** A charge point is online while its last message is younger than this many heartbeat intervals. */
const ONLINE_HEARTBEATS = 3;

export function buildFleetView(
  input: {
    sites: SiteRecord[];
    chargePoints: ChargePointRecord[];
    connectors: ConnectorRecord[];
    dlmNetworks?: DlmNetworkRecord[];
  },
  options: { now: Date; heartbeatIntervalS: number },
): SiteView[] {
  const onlineAfter = options.now.getTime() - ONLINE_HEARTBEATS * options.heartbeatIntervalS * 1000;
  const byCp = new Map<string, ConnectorRecord[]>();
  for (const c of input.connectors) {
    const key = `${c.siteId}\u0000${c.chargePointId}`;
    const list = byCp.get(key) ?? [];
    list.push(c);
    byCp.set(key, list);
  }
  return [...input.sites]
    .sort((a, b) => a.siteId.localeCompare(b.siteId))
    .map((site) => {
      const chargePoints = input.chargePoints
        .filter((cp) => cp.siteId === site.siteId)
        .sort((a, b) => a.chargePointId.localeCompare(b.chargePointId))
        .map((cp) => ({
          ...cp,
          online: cp.seenAt !== undefined && Date.parse(cp.seenAt) >= onlineAfter,
          connectors: (byCp.get(`${cp.siteId}\u0000${cp.chargePointId}`) ?? [])
            .sort((a, b) => a.connectorId - b.connectorId)
            .map(withSessionEnergy),
        }));
      const totalCurrentImport = { l1: 0, l2: 0, l3: 0 };
      for (const cp of chargePoints)
        for (const c of cp.connectors) {
          if (!c.currentImport) continue;
          totalCurrentImport.l1 += c.currentImport.l1;
          totalCurrentImport.l2 += c.currentImport.l2;
          totalCurrentImport.l3 += c.currentImport.l3;
        }
      const dlmNetworks = (input.dlmNetworks ?? [])
        .filter((n) => n.siteId === site.siteId)
        .sort((a, b) => a.networkId.localeCompare(b.networkId));
      return { ...site, chargePoints, totalCurrentImport, dlmNetworks };
    });
}

function withSessionEnergy(c: ConnectorRecord): ConnectorView {
  const energy = sessionEnergyWh(c);
  return energy === undefined ? c : { ...c, sessionEnergyWh: energy };
}
