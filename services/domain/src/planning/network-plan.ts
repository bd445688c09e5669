import type { EcuConfig } from '../config/catalog';
import { firmwareAtLeast, firmwareVersionOf } from '../config/firmware';
import type { StationModel } from '../config/hardware';
import { stationHardware } from '../config/hardware';
import { MAX_CPS_PER_SIM } from '../audit/rules-backend';
import { PlanningError } from './errors';

// §4–§6 Static-IP and gateway plan: one gateway ('+' station, AMEDIO master ECU) per LAN of at most
// 50 charge points behind a SIM; consecutive static IPs with the gateway's IP as static gateway, or
// (all ECUs on 4.61) the gateway as DHCP server. Local internet: router DHCP or static IPs.

export interface NetworkPlanStation {
  id: string;
  model: StationModel;
  firmware: string;
}

export interface NetworkPlanInput {
  stations: readonly NetworkPlanStation[];
  backend: 'sim' | 'localInternet';
  /** 'auto': DHCP where every ECU runs 4.61, else static (§4.1, §5). */
  addressing?: 'static' | 'dhcp' | 'auto';
  backendUrl: string;
  /** First address of the first LAN; each further LAN uses the next /24. */
  firstIp?: string;
  /** Local internet with static IPs: the router's address as static gateway. */
  routerIp?: string;
}

export interface NetworkPlanLan {
  lanId: string;
  gatewayStationId?: string;
  addressing: 'static' | 'dhcp';
  /** Configuration of each station's lead ECU (AMEDIO: master), by station id. */
  stations: { stationId: string; config: EcuConfig }[];
}

const cpsOf = (s: NetworkPlanStation): number => stationHardware(s.model).ecuCount;

/** Packs stations into LANs of at most 50 charge points behind one SIM, each with a modem station. */
function segment(input: NetworkPlanInput): NetworkPlanStation[][] {
  if (input.backend === 'localInternet') return [[...input.stations]];
  const lans: NetworkPlanStation[][] = [];
  let current: NetworkPlanStation[] = [];
  let cps = 0;
  for (const station of input.stations) {
    if (cps + cpsOf(station) > MAX_CPS_PER_SIM && current.length > 0) {
      lans.push(current);
      current = [];
      cps = 0;
    }
    current.push(station);
    cps += cpsOf(station);
  }
  if (current.length > 0) lans.push(current);
  return lans;
}

function addressingFor(input: NetworkPlanInput, stations: readonly NetworkPlanStation[]): 'static' | 'dhcp' {
  const all461 = stations.every((s) => {
    const version = firmwareVersionOf(s.firmware);
    return version !== undefined && firmwareAtLeast(version, '4.61');
  });
  const wanted = input.addressing ?? 'auto';
  if (wanted === 'dhcp' && input.backend === 'sim' && !all461)
    throw new PlanningError(
      'DHCP with a SIM gateway needs firmware 4.61 on every ECU (§4.1.1, §5)',
      'addressing',
    );
  if (wanted === 'auto') return all461 ? 'dhcp' : 'static';
  return wanted;
}

function ipAt(firstIp: string, lanIndex: number, offset: number): string {
  const [a, b, c, d] = firstIp.split('.').map(Number) as [number, number, number, number];
  if (d + offset > 254) throw new PlanningError('too many stations for one /24 subnet', 'stations');
  return `${a}.${b}.${c + lanIndex}.${d + offset}`;
}

function planLan(input: NetworkPlanInput, stations: NetworkPlanStation[], lanIndex: number): NetworkPlanLan {
  const lanId = `lan-${lanIndex + 1}`;
  const addressing = addressingFor(input, stations);
  const gateway =
    input.backend === 'sim' ? stations.find((s) => stationHardware(s.model).hasModem) : undefined;
  if (input.backend === 'sim' && !gateway)
    throw new PlanningError(`${lanId} has no '+' station with a modem to be the gateway (§5)`, 'stations');
  const ordered = gateway ? [gateway, ...stations.filter((s) => s !== gateway)] : stations;
  const firstIp = input.firstIp ?? '192.168.0.2';
  const gatewayIp = ipAt(firstIp, lanIndex, 0);
  const planned = ordered.map((s, i) => {
    const isGateway = s === gateway;
    const config: EcuConfig = {
      connectionType: isGateway ? 'gsm' : 'ethernet',
      wanRouter: isGateway,
      ocppMode: 'ocppJ16',
      backendUrl: input.backendUrl,
    };
    if (addressing === 'static') {
      config.networkMode = 'static';
      config.staticIp = ipAt(firstIp, lanIndex, i);
      config.staticNetmask = '255.255.255.0';
      config.staticGateway = isGateway ? '' : gateway ? gatewayIp : (input.routerIp ?? '');
    } else {
      config.networkMode = isGateway ? 'dhcpServer' : 'auto';
    }
    return { stationId: s.id, config };
  });
  return { lanId, ...(gateway && { gatewayStationId: gateway.id }), addressing, stations: planned };
}

export function planNetwork(input: NetworkPlanInput): NetworkPlanLan[] {
  if (input.stations.length === 0) return [];
  return segment(input).map((stations, i) => planLan(input, stations, i));
}
