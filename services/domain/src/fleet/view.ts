import { z } from 'zod';
import { ConnectorStatus } from '../contracts/status';
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

// The same view as zod schemas: the console's procedures declare their output with these, and the
// web derives its types from them instead of restating the shape.

const PhaseCurrentsView = z.object({ l1: z.number(), l2: z.number(), l3: z.number() });

export const ConnectorLiveView = z.object({
  connectorId: z.number(),
  status: ConnectorStatus.optional(),
  errorCode: z.string().optional(),
  statusAt: z.string().optional(),
  currentImport: PhaseCurrentsView.optional(),
  currentOffered: PhaseCurrentsView.optional(),
  activePowerW: z.number().optional(),
  energyImportWh: z.number().optional(),
  meterAt: z.string().optional(),
  /** The running transaction; the idTag only masked (it identifies a person's card). */
  session: z
    .object({
      transactionId: z.number(),
      startedAt: z.string(),
      idTagMasked: z.string(),
      idTagStatus: z.string().optional(),
    })
    .optional(),
  /** Energy charged in the running session so far (Wh). */
  sessionEnergyWh: z.number().optional(),
});

export const DlmNetworkLiveView = z.object({
  networkId: z.string(),
  masterChargePointId: z.string(),
  stateAt: z.string().optional(),
  meterAt: z.string().optional(),
  state: z
    .object({
      sampleRateS: z.number(),
      configReadAt: z.string().optional(),
      limits: z.object({
        subDistribution: PhaseCurrentsView.optional(),
        operator: PhaseCurrentsView.optional(),
        effective: PhaseCurrentsView.optional(),
        effectiveSource: z.array(z.string()).optional(),
      }),
      externalMeter: z.object({
        mode: z.string(),
        configured: z.boolean(),
        connected: z.boolean().optional(),
        usingFallback: z.boolean(),
      }),
      offered: PhaseCurrentsView,
      drawn: PhaseCurrentsView,
      imbalance: z.object({
        drawn: z.number(),
        prevention: z.boolean().optional(),
        limit: z.number().optional(),
        exceeded: z.boolean(),
      }),
    })
    .optional(),
  meter: z
    .object({
      model: z.string(),
      connected: z.boolean(),
      currents: PhaseCurrentsView.optional(),
      activePowerW: z.number().optional(),
      fault: z.string().optional(),
    })
    .optional(),
});

export const ChargePointLiveView = z.object({
  chargePointId: z.string(),
  vendor: z.string().optional(),
  model: z.string().optional(),
  firmwareVersion: z.string().optional(),
  seenAt: z.string().optional(),
  online: z.boolean(),
  connectors: z.array(ConnectorLiveView),
});

/** One site as its Live tab shows it (sites.get). */
export const SiteLiveView = z.object({
  siteId: z.string(),
  name: z.string(),
  address: z.string().optional(),
  tags: z.array(z.string()).optional(),
  timeZone: z.string().optional(),
  lastTelemetryAt: z.string().optional(),
  totalCurrentImport: PhaseCurrentsView,
  /** Per DLM network: latest DLM state (limits, offered/drawn sums) and external-meter reading. */
  dlmNetworks: z.array(DlmNetworkLiveView),
  chargePoints: z.array(ChargePointLiveView),
  generatedAt: z.string(),
});
export type SiteLiveView = z.infer<typeof SiteLiveView>;
