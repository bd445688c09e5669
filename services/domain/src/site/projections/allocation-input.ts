import type {
  AllocationInput,
  ChargePoint,
  DlmNetwork,
  EvState,
  ExternalMeter,
} from '../../allocation/schema';
import type { Site, StationEcu } from '../../config/site';
import { toPhaseVector, type PerPhaseAmps, type PhaseVector } from '../../phases/index';
import { siteDlmNetworks, type SiteDlmNetwork } from '../dlm-networks';

// Site + live state → the allocation engine's input: site main connection → DLM networks → supply
// lines → charge points (DESIGN.md "Allocation"). Every rating and limit the site declares is carried;
// the live state only says what is plugged in, what is drawn and read, and the operator limit in force.

/** An EV at a charge point, as the edge reports it. */
export interface LiveEv {
  readonly state: EvState;
  readonly phasesInUse?: 1 | 2 | 3 | 'unknown';
  readonly maxCurrentA?: number;
  /** Measured draw per CP phase 1/2/3 (A). */
  readonly measuredA?: PhaseVector;
  readonly offeredA?: number;
  /** Plug-in time, epoch ms (Fair Trade FIFO). */
  readonly pluggedInAt: number;
}

export interface LiveMeter {
  readonly connected: boolean;
  /** Readings over the sample period, per grid phase (A). */
  readonly samples: readonly PerPhaseAmps[];
}

export interface SiteLiveState {
  /** By charge point id. */
  readonly evs?: Readonly<Record<string, LiveEv>>;
  /** By DLM network id (SiteDlmNetwork.id). Absent → the meter counts as disconnected (fallback). */
  readonly meters?: Readonly<Record<string, LiveMeter>>;
  /** The Operator EVSE Sub-Distribution Limit in force, by DLM network id (runtime-changeable, §7.1). */
  readonly operatorLimits?: Readonly<Record<string, PerPhaseAmps>>;
}

/** 9999 A: the manual's "no limit" value (§7.4 fallback default). */
const NO_LIMIT: PhaseVector = [9999, 9999, 9999];

/** The id of the pseudo network holding a supply line's charge points that run without DLM. */
export const withoutDlmNetworkId = (supplyLineId: string): string => `${supplyLineId}-without-dlm`;

function chargePoint(ecu: StationEcu, live: SiteLiveState): ChargePoint {
  // §7.4 'Operator Current Limit' caps the charge point below its rating.
  const operatorCap = ecu.config.operatorCurrentLimit;
  const ev = live.evs?.[ecu.chargePointId];
  return {
    id: ecu.chargePointId,
    connection: ecu.wiring.phases === 'single' ? 'singlePhase' : 'threePhase',
    phaseRotation: ecu.wiring.rotation,
    ratedCurrent: operatorCap === undefined ? ecu.ratedCurrentA : Math.min(ecu.ratedCurrentA, operatorCap),
    ...(ev !== undefined && {
      ev: {
        state: ev.state,
        phasesInUse: ev.phasesInUse ?? 'unknown',
        minCurrent: 6,
        ...(ev.maxCurrentA !== undefined && { maxCurrent: ev.maxCurrentA }),
        measuredCurrent: ev.measuredA ?? [0, 0, 0],
        ...(ev.offeredA !== undefined && { offeredCurrent: ev.offeredA }),
        pluggedInAt: ev.pluggedInAt,
      },
    }),
  };
}

function externalMeter(net: SiteDlmNetwork, live: SiteLiveState): ExternalMeter {
  const c = net.masterConfig;
  if (c.externalMeterSupport !== true || c.mainDistributionLimit === undefined) return { location: 'off' };
  const reading = live.meters?.[net.id];
  return {
    location:
      c.externalMeterLocation === 'includingEvse'
        ? 'includingEvseSubDistribution'
        : 'excludingEvseSubDistribution',
    mainDistributionLimit: toPhaseVector(c.mainDistributionLimit),
    headroom: c.externalLoadHeadroom ? toPhaseVector(c.externalLoadHeadroom) : [0, 0, 0],
    fallback: c.externalLoadFallback ? toPhaseVector(c.externalLoadFallback) : NO_LIMIT,
    connected: reading?.connected ?? false,
    samples: (reading?.samples ?? []).map(toPhaseVector),
  };
}

/** Supply lines of a network, each with the network's charge points on it. */
function lines(site: Site, members: ReadonlySet<string>, live: SiteLiveState): DlmNetwork['supplyLines'] {
  return site.supplyLines.flatMap((line) => {
    const cps = site.stations
      .filter((s) => s.supplyLineId === line.id)
      .flatMap((s) => s.ecus.filter((e) => members.has(e.chargePointId)).map((e) => chargePoint(e, live)));
    return cps.length === 0 ? [] : [{ id: line.id, limit: toPhaseVector(line.ratingA), chargePoints: cps }];
  });
}

function dlmNetwork(site: Site, net: SiteDlmNetwork, live: SiteLiveState): DlmNetwork {
  const c = net.masterConfig;
  const operator = live.operatorLimits?.[net.id] ?? c.operatorEvseSubDistributionLimit;
  return {
    id: net.id,
    subDistributionLimit: c.evseSubDistributionLimit ? toPhaseVector(c.evseSubDistributionLimit) : NO_LIMIT,
    ...(operator !== undefined && { operatorLimit: toPhaseVector(operator) }),
    externalMeter: externalMeter(net, live),
    imbalancePrevention: {
      enabled: c.currentImbalancePrevention === true,
      limit: c.currentImbalanceLimit ?? 20,
    },
    supplyLines: lines(site, new Set(net.members.map((m) => m.chargePointId)), live),
  };
}

/**
 * The allocation input of a configured site. Charge points outside every DLM network form one
 * network per supply line limited by the line alone (cloud-managed, DESIGN.md). A supply line used by
 * several networks appears under each, named '<network>/<line>' (the engine's tree has one parent per
 * node); its rating then holds per network, not summed — `auditSite` reports such sites (§7.3).
 */
export function allocationInputOf(site: Site, live: SiteLiveState = {}): AllocationInput {
  const networks = siteDlmNetworks(site);
  const inDlm = new Set(networks.flatMap((n) => n.members.map((m) => m.chargePointId)));
  const outside = new Set(
    site.stations.flatMap((s) => s.ecus.map((e) => e.chargePointId)).filter((id) => !inDlm.has(id)),
  );
  const built: DlmNetwork[] = [
    ...networks.map((net) => dlmNetwork(site, net, live)),
    ...lines(site, outside, live).map((line) => ({
      id: withoutDlmNetworkId(line.id),
      subDistributionLimit: line.limit,
      externalMeter: { location: 'off' as const },
      imbalancePrevention: { enabled: false, limit: 20 },
      supplyLines: [line],
    })),
  ];
  const uses = new Map<string, number>();
  for (const n of built) for (const l of n.supplyLines) uses.set(l.id, (uses.get(l.id) ?? 0) + 1);
  const dlmNetworks = built.map((n) => ({
    ...n,
    supplyLines: n.supplyLines.map((l) => ((uses.get(l.id) ?? 0) > 1 ? { ...l, id: `${n.id}/${l.id}` } : l)),
  }));
  const { ratingA, imbalanceLimitA } = site.mainConnection;
  return {
    siteId: site.id,
    mainConnectionLimit: toPhaseVector(ratingA),
    ...(imbalanceLimitA !== undefined && { imbalanceLimitA }),
    dlmNetworks,
  };
}
