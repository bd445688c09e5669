import type { Site } from '../../config/site';
import { toPhaseVector, type PhaseVector } from '../../phases/index';
import { siteDlmNetworks } from '../../site/dlm-networks';

// The controller's view of a configured site: the main connection shared by the site's DLM networks
// (each acted on through its master's Operator EVSE Sub-Distribution Limit, §7.1) and the charge
// points outside every DLM network (acted on with charging profiles, DESIGN.md "Cloud-managed").

export interface ControlMeter {
  readonly location: 'excludingEvseSubDistribution' | 'includingEvseSubDistribution';
  readonly mainDistributionLimitA: PhaseVector;
  readonly headroomA: PhaseVector;
}

export interface ControlNetwork {
  readonly id: string;
  readonly masterChargePointId: string;
  /** §7.1 EVSE Sub-Distribution Limit (A, lowest phase): the operator limit never goes above it. */
  readonly subDistributionLimitA: number;
  /** The master's own configured Operator EVSE Sub-Distribution Limit (A, lowest phase), if set. */
  readonly configuredOperatorLimitA?: number;
  /** Sum of the members' ratings (A): more than this the network cannot draw. */
  readonly ratedSumA: number;
  readonly meter?: ControlMeter;
}

export interface ControlChargePoint {
  readonly id: string;
  /** Rating (A), capped by its supply line's lowest phase. */
  readonly ratedA: number;
}

export interface ControlSite {
  readonly siteId: string;
  readonly timeZone: string;
  readonly mainConnectionA: PhaseVector;
  readonly networks: readonly ControlNetwork[];
  readonly chargePointsWithoutDlm: readonly ControlChargePoint[];
  /** §14a controllable devices: every charge point of the site (non-public charge points). */
  readonly controllableDevices: number;
}

const lowest = (p: { l1: number; l2: number; l3: number }): number => Math.min(p.l1, p.l2, p.l3);

export function controlSiteOf(site: Site): ControlSite {
  const networks = siteDlmNetworks(site);
  const inDlm = new Set(networks.flatMap((n) => n.members.map((m) => m.chargePointId)));
  const lineRating = new Map(site.supplyLines.map((l) => [l.id, lowest(l.ratingA)]));
  const controlNetworks: ControlNetwork[] = [];
  for (const net of networks) {
    const c = net.masterConfig;
    if (net.master === undefined || c.evseSubDistributionLimit === undefined) continue;
    const meter: ControlMeter | undefined =
      c.externalMeterSupport === true && c.mainDistributionLimit !== undefined
        ? {
            location:
              c.externalMeterLocation === 'includingEvse'
                ? 'includingEvseSubDistribution'
                : 'excludingEvseSubDistribution',
            mainDistributionLimitA: toPhaseVector(c.mainDistributionLimit),
            headroomA: c.externalLoadHeadroom ? toPhaseVector(c.externalLoadHeadroom) : [0, 0, 0],
          }
        : undefined;
    controlNetworks.push({
      id: net.id,
      masterChargePointId: net.master.chargePointId,
      subDistributionLimitA: lowest(c.evseSubDistributionLimit),
      ...(c.operatorEvseSubDistributionLimit !== undefined && {
        configuredOperatorLimitA: lowest(c.operatorEvseSubDistributionLimit),
      }),
      ratedSumA: net.members.reduce((sum, m) => sum + m.ratedCurrentA, 0),
      ...(meter && { meter }),
    });
  }
  const chargePointsWithoutDlm = site.stations.flatMap((station) =>
    station.ecus
      .filter((e) => !inDlm.has(e.chargePointId))
      .map((e) => ({
        id: e.chargePointId,
        ratedA: Math.min(e.ratedCurrentA, lineRating.get(station.supplyLineId) ?? e.ratedCurrentA),
      })),
  );
  return {
    siteId: site.id,
    timeZone: site.timeZone,
    mainConnectionA: toPhaseVector(site.mainConnection.ratingA),
    networks: controlNetworks,
    chargePointsWithoutDlm,
    controllableDevices: site.stations.reduce((n, s) => n + s.ecus.length, 0),
  };
}
