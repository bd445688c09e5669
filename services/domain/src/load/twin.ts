import { allocate } from '../allocation/allocate';
import { parseAllocationInput, type EvState } from '../allocation/schema';
import type { Site } from '../config/site';
import type { LoadGetOutput, LoadNetworkView } from '../contracts/load';
import type { ConnectorStatus } from '../contracts/status';
import type { DlmNetworkRecord } from '../fleet/records';
import { fromPhaseVector, type PerPhaseAmps } from '../phases/per-phase';
import { siteDlmNetworks } from '../site/dlm-networks';
import {
  allocationInputOf,
  type LiveEv,
  type LiveMeter,
  type SiteLiveState,
} from '../site/projections/allocation-input';

// load.get's view: per DLM network the latest reported state, the limits the desired configuration
// sets, and the twin — the allocation engine run over the configured site and the live state — with
// its predicted offer beside the one each charge point reports (issue #13 points 3 and 7).

/** What an OCPP connector status says about the EV for the engine (§8 FIFO needs plugged-in EVs). */
const EV_STATE: Partial<Record<ConnectorStatus, EvState>> = {
  Preparing: 'ready',
  Charging: 'charging',
  SuspendedEVSE: 'ready',
  SuspendedEV: 'suspendedEv',
  Finishing: 'finished',
};

/** Phases an EV draws on (≥ 1 A), or 'unknown' before it draws. */
function phasesInUse(drawn: PerPhaseAmps): LiveEv['phasesInUse'] {
  const n = [drawn.l1, drawn.l2, drawn.l3].filter((a) => a >= 1).length;
  return n === 0 ? 'unknown' : (n as 1 | 2 | 3);
}

/**
 * The live state the twin runs on, from the stored DLM network items. The DLM state does not carry
 * plug-in times, so FIFO order is the order the master lists its charge points in (a documented
 * approximation until the twin handler of point 3 keeps plug-in times).
 */
export function liveStateOf(records: readonly DlmNetworkRecord[]): SiteLiveState {
  const evs: Record<string, LiveEv> = {};
  const meters: Record<string, LiveMeter> = {};
  const operatorLimits: Record<string, PerPhaseAmps> = {};
  records.forEach((r, n) => {
    r.state?.chargePoints.forEach((cp, i) => {
      const state = cp.status === undefined ? undefined : EV_STATE[cp.status];
      if (state === undefined) return;
      evs[cp.id] = {
        state,
        phasesInUse: phasesInUse(cp.drawn),
        measuredA: [cp.drawn.l1, cp.drawn.l2, cp.drawn.l3],
        offeredA: Math.max(cp.offered.l1, cp.offered.l2, cp.offered.l3),
        pluggedInAt: n * 1000 + i,
      };
    });
    if (r.state?.limits.operator) operatorLimits[r.networkId] = r.state.limits.operator;
    if (r.meter)
      meters[r.networkId] = {
        connected: r.meter.connected,
        samples: r.meter.currents ? [r.meter.currents] : [],
      };
  });
  return { evs, meters, operatorLimits };
}

function reported(record: DlmNetworkRecord | undefined): Pick<LoadNetworkView, 'state' | 'meter'> {
  const s = record?.state;
  const m = record?.meter;
  return {
    ...(s &&
      record?.stateAt && {
        state: {
          at: record.stateAt,
          sampleRateS: s.sampleRateS,
          ...(s.limits.effective && { effectiveLimit: s.limits.effective }),
          ...(s.limits.effectiveSource && { effectiveSource: s.limits.effectiveSource }),
          ...(s.limits.subDistribution && { subDistributionLimit: s.limits.subDistribution }),
          ...(s.limits.operator && { operatorLimit: s.limits.operator }),
          offered: s.offered,
          drawn: s.drawn,
          meterMode: s.externalMeter.mode,
          ...(s.externalMeter.connected !== undefined && { meterConnected: s.externalMeter.connected }),
          fallbackActive: s.externalMeter.usingFallback,
          imbalance: {
            drawn: s.imbalance.drawn,
            ...(s.imbalance.limit !== undefined && { limit: s.imbalance.limit }),
            exceeded: s.imbalance.exceeded,
          },
        },
      }),
    ...(m &&
      record?.meterAt && {
        meter: {
          at: record.meterAt,
          connected: m.connected,
          ...(m.currents && { currents: m.currents }),
          ...(m.activePowerW !== undefined && { activePowerW: m.activePowerW }),
        },
      }),
  };
}

/** load.get without its envelope: the configured site (desired config, if stored) and the DLM items. */
export function loadView(
  site: Site | undefined,
  records: readonly DlmNetworkRecord[],
): Pick<LoadGetOutput, 'mainConnection' | 'networks'> {
  const byId = new Map(records.map((r) => [r.networkId, r]));
  const configured = site ? siteDlmNetworks(site) : [];
  const result = site
    ? allocate(parseAllocationInput(allocationInputOf(site, liveStateOf(records))))
    : undefined;
  const predicted = new Map(result?.chargePoints.map((c) => [c.id, c]));
  const node = (id: string) => result?.nodes.find((n) => n.id === id);
  const reportedCps = (r: DlmNetworkRecord | undefined) =>
    new Map(r?.state?.chargePoints.map((c) => [c.id, c]));

  const networkIds = [...new Set([...configured.map((n) => n.id), ...records.map((r) => r.networkId)])];
  const networks = networkIds.map((networkId): LoadNetworkView => {
    const record = byId.get(networkId);
    const net = configured.find((n) => n.id === networkId);
    const c = net?.masterConfig;
    const cps = reportedCps(record);
    const ids = [...new Set([...(net?.members.map((m) => m.chargePointId) ?? []), ...cps.keys()])];
    const twinNode = node(networkId);
    const master = net?.master?.chargePointId ?? record?.masterChargePointId;
    return {
      networkId,
      ...(master !== undefined && { masterChargePointId: master }),
      ...reported(record),
      ...(c && {
        configured: {
          ...(c.evseSubDistributionLimit && { evseSubDistribution: c.evseSubDistributionLimit }),
          ...(c.operatorEvseSubDistributionLimit && { operator: c.operatorEvseSubDistributionLimit }),
          ...(c.externalMeterSupport === true &&
            c.mainDistributionLimit && { mainDistribution: c.mainDistributionLimit }),
        },
      }),
      ...(twinNode && {
        twin: { limit: fromPhaseVector(twinNode.limit), predictedLoad: fromPhaseVector(twinNode.load) },
      }),
      chargePoints: ids.map((chargePointId) => {
        const r = cps.get(chargePointId);
        const p = predicted.get(chargePointId);
        return {
          chargePointId,
          ...(r && { reportedOfferedA: Math.max(r.offered.l1, r.offered.l2, r.offered.l3), drawn: r.drawn }),
          ...(p && { predictedA: p.current, predictedReason: p.reason.kind }),
        };
      }),
    };
  });
  const siteNode = result?.nodes.find((n) => n.kind === 'site');
  return {
    ...(site &&
      siteNode && {
        mainConnection: {
          ratingA: site.mainConnection.ratingA,
          ...(site.mainConnection.imbalanceLimitA !== undefined && {
            imbalanceLimitA: site.mainConnection.imbalanceLimitA,
          }),
          predictedLoad: fromPhaseVector(siteNode.load),
        },
      }),
    networks,
  };
}
