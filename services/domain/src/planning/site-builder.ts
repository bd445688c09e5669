import { phases } from '../config/builders';
import type { EcuConfig } from '../config/catalog';
import type { StationModel } from '../config/hardware';
import { stationHardware } from '../config/hardware';
import type { SiteExternalMeter, Lan, Site, Station, StationEcu } from '../config/site';
import { PlanningError } from './errors';
import type { NetworkPlanInput } from './network-plan';
import { planNetwork } from './network-plan';
import { planPhaseRotation } from './phase-plan';

// Builds a whole site from supply lines of stations: phase plan per line (§3.2), network plan (§4–§6),
// one DLM network per supply line (§7.3). The use-case templates are thin layers over this.

export interface LineSpec {
  ratingA: number;
  stations: readonly StationModel[];
  /** Run DLM on this line (master = first charge point), with these master settings. */
  dlm?: { master: EcuConfig; eachEcu?: EcuConfig };
}

export interface SiteSpec {
  siteId?: string;
  name?: string;
  mainA: number;
  lines: readonly LineSpec[];
  firmware?: string;
  backend?: NetworkPlanInput['backend'];
  addressing?: NetworkPlanInput['addressing'];
  backendUrl?: string;
  meters?: SiteExternalMeter[];
}

const DEFAULT_FIRMWARE = '4.61-6000-a1b2c3d4e';

interface PlannedStation {
  id: string;
  model: StationModel;
  lineIndex: number;
}

function stationIds(spec: SiteSpec): PlannedStation[] {
  const counters = { AMEDIO: 0, AMTRON: 0 };
  return spec.lines.flatMap((line, lineIndex) =>
    line.stations.map((model) => {
      const family = stationHardware(model).family;
      counters[family] += 1;
      return { id: `${family.toLowerCase()}-${counters[family]}`, model, lineIndex };
    }),
  );
}

function dlmConfig(line: LineSpec, lineIndex: number, first: boolean): EcuConfig {
  if (!line.dlm) return {};
  const role: EcuConfig = first
    ? { dlmMode: 'masterWithInternalSlave', ...line.dlm.master }
    : { dlmMode: 'slaveAutoDiscovery' };
  return { dlmNetworkId: lineIndex, ...line.dlm.eachEcu, ...role };
}

function buildEcus(
  spec: SiteSpec,
  planned: PlannedStation,
  first: boolean,
  networkCfg: EcuConfig,
): StationEcu[] {
  const line = spec.lines[planned.lineIndex] as LineSpec;
  const [phasePlan] = planPhaseRotation([{ id: planned.id, model: planned.model }]);
  return (phasePlan?.chargePoints ?? []).map((cp, i) => ({
    chargePointId: `${planned.id}-cp${i + 1}`,
    position: cp.position,
    firmware: spec.firmware ?? DEFAULT_FIRMWARE,
    ratedCurrentA: 32,
    wiring: { phases: cp.phaseConnection === 'singlePhase' ? 'single' : 'three', rotation: cp.rotation },
    config: {
      phaseConnection: cp.phaseConnection,
      phaseRotation: cp.rotation,
      ...(i === 0 ? networkCfg : {}),
      ...dlmConfig(line, planned.lineIndex, first && i === 0),
    },
  }));
}

/** Re-applies the per-line phase plan (the station-by-station call above only sets the shape). */
function applyLinePhasePlan(stations: Station[]): Station[] {
  const plan = planPhaseRotation(stations.map((s) => ({ id: s.id, model: s.model })));
  return stations.map((s, i) => ({
    ...s,
    ecus: s.ecus.map((ecu, j) => {
      const cp = plan[i]?.chargePoints[j];
      if (!cp) return ecu;
      return {
        ...ecu,
        wiring: { ...ecu.wiring, rotation: cp.rotation },
        config: { ...ecu.config, phaseRotation: cp.rotation },
      };
    }),
  }));
}

export function buildSite(spec: SiteSpec): Site {
  const planned = stationIds(spec);
  if (planned.length === 0) throw new PlanningError('a site needs at least one station', 'lines');
  const backend = spec.backend ?? 'localInternet';
  const lans = planNetwork({
    stations: planned.map((p) => ({ id: p.id, model: p.model, firmware: spec.firmware ?? DEFAULT_FIRMWARE })),
    backend,
    backendUrl: spec.backendUrl ?? 'wss://backend.example.com/ocpp',
    ...(spec.addressing && { addressing: spec.addressing }),
  });
  const lanOf = new Map(
    lans.flatMap((lan) => lan.stations.map((s) => [s.stationId, { lan, config: s.config }] as const)),
  );
  const firstOnLine = new Set(spec.lines.map((_, i) => planned.find((p) => p.lineIndex === i)?.id));
  const stations = planned.map((p): Station => {
    const net = lanOf.get(p.id);
    return {
      id: p.id,
      model: p.model,
      lanId: net?.lan.lanId ?? 'lan-1',
      supplyLineId: `line-${p.lineIndex + 1}`,
      simCard: net?.lan.gatewayStationId === p.id,
      ecus: buildEcus(spec, p, firstOnLine.has(p.id), net?.config ?? {}),
    };
  });
  const byLine = spec.lines.map((_, i) =>
    applyLinePhasePlan(stations.filter((s) => s.supplyLineId === `line-${i + 1}`)),
  );
  return {
    id: spec.siteId ?? 'site-1',
    name: spec.name ?? 'Planned site',
    tags: [],
    timeZone: 'Europe/Berlin',
    mainConnection: { ratingA: phases(spec.mainA) },
    supplyLines: spec.lines.map((line, i) => ({ id: `line-${i + 1}`, ratingA: phases(line.ratingA) })),
    lans: lans.map((lan): Lan => ({
      id: lan.lanId,
      internet: backend === 'localInternet',
      routerDhcp: backend === 'localInternet' && lan.addressing === 'dhcp',
    })),
    stations: byLine.flat(),
    meters: spec.meters ?? [],
  };
}
