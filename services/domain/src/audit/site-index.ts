import type { EcuConfig, EcuParamKey } from '../config/catalog';
import { ecuParameters } from '../config/catalog';
import type { FirmwareVersion, ParsedFirmware } from '../config/firmware';
import { parseFirmware } from '../config/firmware';
import type { StationHardware } from '../config/hardware';
import { stationHardware } from '../config/hardware';
import type { SiteExternalMeter, Lan, Site, Station, StationEcu, SiteSupplyLine } from '../config/site';
import type { AuditTarget } from './finding';
import { ipToNumber, netmaskBits } from './values';

// The site indexed once per audit, so that each rule is a cheap pass over ready-made groups.

export type DlmRole = 'master' | 'slave' | 'none';

export interface EcuEntry {
  station: Station;
  ecu: StationEcu;
  hw: StationHardware;
  firmware: FirmwareVersion | undefined;
  parsedFirmware: ParsedFirmware | undefined;
  cfg: EcuConfig;
  /** The catalog parameters this ECU's configuration sets. */
  setKeys: EcuParamKey[];
  /** The station's lead ECU (AMTRON's only one, AMEDIO's master) carries network and backend settings. */
  leads: boolean;
  dlmRole: DlmRole;
  dlmNetworkId: number;
  isGateway: boolean;
}

export interface StationEntry {
  station: Station;
  hw: StationHardware;
  lead: EcuEntry;
  ecus: EcuEntry[];
  /** Addressing of the station's single IP (§2.3): the lead ECU's mode. */
  networkMode: 'auto' | 'static' | 'dhcpServer';
  /** Static mode only: the parsed static IP and netmask prefix (undefined when invalid). */
  staticIp?: number;
  staticBits?: number;
}

export interface LanEntry {
  id: string;
  lan: Lan | undefined;
  stations: StationEntry[];
  ecus: EcuEntry[];
  gateways: EcuEntry[];
  dhcpServers: StationEntry[];
  staticStations: StationEntry[];
  /** Static stations whose IP and netmask parse, with the address as a number (computed once). */
  staticAddresses: StaticAddress[];
}

export interface StaticAddress {
  s: StationEntry;
  ip: number;
  bits: number;
}

export interface DlmNetwork {
  lanId: string;
  networkId: number;
  members: EcuEntry[];
  masters: EcuEntry[];
  supplyLineIds: string[];
  meters: SiteExternalMeter[];
}

export interface SiteIndex {
  site: Site;
  ecus: EcuEntry[];
  stations: StationEntry[];
  lans: LanEntry[];
  supplyLines: Map<string, SiteSupplyLine>;
  ecusBySupplyLine: Map<string, EcuEntry[]>;
  dlmNetworks: DlmNetwork[];
}

function dlmRoleOf(cfg: EcuConfig): DlmRole {
  const mode = cfg.dlmMode;
  if (mode === 'masterWithInternalSlave' || mode === 'masterStandalone') return 'master';
  return mode === 'slaveAutoDiscovery' ? 'slave' : 'none';
}

function setKeysOf(cfg: EcuConfig): EcuParamKey[] {
  const keys: EcuParamKey[] = [];
  for (const name in cfg) {
    if (Object.hasOwn(ecuParameters, name) && cfg[name as EcuParamKey] !== undefined)
      keys.push(name as EcuParamKey);
  }
  return keys;
}

function indexStation(station: Station): StationEntry {
  const hw = stationHardware(station.model);
  const leadEcu = station.ecus.find((e) => e.position !== 'satellite') ?? station.ecus[0];
  const entries = station.ecus.map((ecu): EcuEntry => {
    const parsedFirmware = parseFirmware(ecu.firmware);
    return {
      station,
      ecu,
      hw,
      firmware: parsedFirmware?.catalogVersion,
      parsedFirmware,
      cfg: ecu.config,
      setKeys: setKeysOf(ecu.config),
      leads: ecu === leadEcu,
      dlmRole: dlmRoleOf(ecu.config),
      dlmNetworkId: ecu.config.dlmNetworkId ?? 0,
      isGateway: ecu.config.wanRouter === true,
    };
  });
  // Site.parse guarantees at least one ECU per station.
  const lead = (entries.find((e) => e.leads) ?? entries[0]) as EcuEntry;
  return { station, hw, lead, ecus: entries, networkMode: lead.cfg.networkMode ?? 'auto' };
}

function groupInto<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function indexLans(site: Site, stations: StationEntry[]): LanEntry[] {
  const lans = new Map<string, LanEntry>();
  const lanOf = (id: string): LanEntry => {
    let entry = lans.get(id);
    if (!entry) {
      const lan = site.lans.find((l) => l.id === id);
      entry = {
        id,
        lan,
        stations: [],
        ecus: [],
        gateways: [],
        dhcpServers: [],
        staticStations: [],
        staticAddresses: [],
      };
      lans.set(id, entry);
    }
    return entry;
  };
  for (const lan of site.lans) lanOf(lan.id);
  for (const s of stations) {
    const lan = lanOf(s.station.lanId);
    lan.stations.push(s);
    for (const e of s.ecus) {
      lan.ecus.push(e);
      if (e.isGateway) lan.gateways.push(e);
    }
    if (s.networkMode === 'dhcpServer') lan.dhcpServers.push(s);
    if (s.networkMode === 'static') {
      lan.staticStations.push(s);
      const ip = ipToNumber(s.lead.cfg.staticIp ?? '');
      const bits = netmaskBits(s.lead.cfg.staticNetmask ?? '');
      if (ip !== undefined) s.staticIp = ip;
      if (bits !== undefined) s.staticBits = bits;
      if (ip !== undefined && bits !== undefined) lan.staticAddresses.push({ s, ip, bits });
    }
  }
  return [...lans.values()];
}

function indexDlm(site: Site, ecus: EcuEntry[]): DlmNetwork[] {
  const nets = new Map<string, DlmNetwork>();
  for (const e of ecus) {
    if (e.dlmRole === 'none') continue;
    const key = `${e.station.lanId}#${e.dlmNetworkId}`;
    let net = nets.get(key);
    if (!net) {
      const meters = site.meters.filter(
        (m) => m.lanId === e.station.lanId && m.dlmNetworkId === e.dlmNetworkId,
      );
      net = {
        lanId: e.station.lanId,
        networkId: e.dlmNetworkId,
        members: [],
        masters: [],
        supplyLineIds: [],
        meters,
      };
      nets.set(key, net);
    }
    net.members.push(e);
    if (e.dlmRole === 'master') net.masters.push(e);
    if (!net.supplyLineIds.includes(e.station.supplyLineId)) net.supplyLineIds.push(e.station.supplyLineId);
  }
  return [...nets.values()];
}

export function indexSite(site: Site): SiteIndex {
  const stations = site.stations.map(indexStation);
  const ecus = stations.flatMap((s) => s.ecus);
  const ecusBySupplyLine = new Map<string, EcuEntry[]>();
  for (const e of ecus) groupInto(ecusBySupplyLine, e.station.supplyLineId, e);
  return {
    site,
    ecus,
    stations,
    lans: indexLans(site, stations),
    supplyLines: new Map(site.supplyLines.map((l) => [l.id, l])),
    ecusBySupplyLine,
    dlmNetworks: indexDlm(site, ecus),
  };
}

// Targets, so every rule names what it found in the same way.
export const siteTarget = (): AuditTarget => ({ kind: 'site' });
export const lanTarget = (lanId: string): AuditTarget => ({ kind: 'network', lanId });
export const dlmTarget = (net: DlmNetwork): AuditTarget => ({
  kind: 'network',
  lanId: net.lanId,
  dlmNetworkId: net.networkId,
});
export const stationTarget = (station: Station): AuditTarget => ({ kind: 'station', stationId: station.id });
export const ecuTarget = (e: EcuEntry): AuditTarget => ({
  kind: 'ecu',
  stationId: e.station.id,
  chargePointId: e.ecu.chargePointId,
});
export const paramTarget = (e: EcuEntry, parameter: EcuParamKey): AuditTarget => ({
  kind: 'parameter',
  stationId: e.station.id,
  chargePointId: e.ecu.chargePointId,
  parameter,
});

/** 'AMEDIO amedio-1 / amedio-1-cp2' — how messages name an ECU. */
export function ecuLabel(e: EcuEntry): string {
  return `${e.hw.family} ${e.station.id} / ${e.ecu.chargePointId}`;
}
