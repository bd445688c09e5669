import type { AuditRule } from './rule';
import { defineRule } from './rule';
import type { LanEntry, StationEntry } from './site-index';
import { lanTarget, paramTarget } from './site-index';
import { subnetOf } from './values';

// §4.2 and §5.3: static IP addresses and the static gateway field.

function gatewayStation(lan: LanEntry): StationEntry | undefined {
  const gateway = lan.gateways[0];
  return gateway ? lan.stations.find((s) => s.station === gateway.station) : undefined;
}

export const staticIpRules: AuditRule[] = [
  defineRule(
    {
      id: 'net.static-ip-set',
      severity: 'error',
      target: 'parameter',
      section: '§4.2',
      source: 'stated',
      title: 'Static mode has a valid IP and netmask',
    },
    (index, report) => {
      for (const s of index.stations) {
        if (s.networkMode !== 'static') continue;
        if (s.staticIp === undefined)
          report(
            paramTarget(s.lead, 'staticIp'),
            `Station ${s.station.id} is in static mode without a valid 'Static network configuration IP'. Enter its IP address (e.g. 192.168.0.2).`,
          );
        if (s.staticBits === undefined)
          report(
            paramTarget(s.lead, 'staticNetmask'),
            `Station ${s.station.id} is in static mode without a valid 'Static network configuration NETMASK'. Enter the netmask (e.g. 255.255.255.0).`,
          );
      }
    },
  ),
  defineRule(
    {
      id: 'net.static-ip-unique',
      severity: 'error',
      target: 'parameter',
      section: '§4.2',
      source: 'stated',
      title: 'A static IP is not assigned twice in a network',
    },
    (index, report) => {
      for (const lan of index.lans) {
        const seen = new Map<number, StationEntry>();
        for (const { s, ip } of lan.staticAddresses) {
          const other = seen.get(ip);
          if (other)
            report(
              paramTarget(s.lead, 'staticIp'),
              `Station ${s.station.id} has the same static IP ${s.lead.cfg.staticIp} as station ${other.station.id}. Give every station its own address (consecutive numbering recommended).`,
            );
          else seen.set(ip, s);
        }
      }
    },
  ),
  defineRule(
    {
      id: 'net.static-same-subnet',
      severity: 'error',
      target: 'network',
      section: '§4.2',
      source: 'implied',
      title: 'Static stations of a network share one subnet and netmask',
    },
    (index, report) => {
      for (const lan of index.lans) {
        const [first] = lan.staticAddresses;
        if (!first) continue;
        const subnet = subnetOf(first.ip, first.bits);
        if (lan.staticAddresses.some((a) => a.bits !== first.bits || subnetOf(a.ip, a.bits) !== subnet))
          report(
            lanTarget(lan.id),
            `The static addresses in LAN ${lan.id} do not share one subnet and netmask, so the stations cannot all reach each other. Use one subnet and the same netmask on every station.`,
          );
      }
    },
  ),
  defineRule(
    {
      id: 'net.static-consecutive',
      severity: 'warning',
      target: 'network',
      section: '§4.2',
      source: 'stated',
      title: 'Static IPs are numbered consecutively',
    },
    (index, report) => {
      for (const lan of index.lans) {
        if (lan.staticAddresses.length < 2) continue;
        const ips = lan.staticAddresses.map((a) => a.ip).sort((a, b) => a - b);
        const gaps = ips.some((ip, i) => i > 0 && ip - (ips[i - 1] ?? ip) > 1);
        if (gaps)
          report(
            lanTarget(lan.id),
            `The static IP addresses in LAN ${lan.id} are not consecutive. Number the stations consecutively (e.g. 192.168.0.2, .3, .4) as §4.2 recommends.`,
          );
      }
    },
  ),
  defineRule(
    {
      id: 'net.static-gateway-empty-on-gateway',
      severity: 'error',
      target: 'parameter',
      section: '§5.3',
      source: 'stated',
      title: "'Static network configuration GATEWAY' stays empty on the gateway",
    },
    (index, report) => {
      for (const lan of index.lans) {
        const gw = gatewayStation(lan);
        if (gw && gw.networkMode === 'static' && (gw.lead.cfg.staticGateway ?? '') !== '')
          report(
            paramTarget(gw.lead, 'staticGateway'),
            `The gateway charge point ${gw.station.id} has 'Static network configuration GATEWAY' = ${gw.lead.cfg.staticGateway}; it must remain empty on the gateway. Clear it.`,
          );
      }
    },
  ),
  defineRule(
    {
      id: 'net.static-gateway-is-gateway-ip',
      severity: 'error',
      target: 'parameter',
      section: '§5.3',
      source: 'stated',
      title: "Other static stations use the gateway's IP as gateway",
    },
    (index, report) => {
      for (const lan of index.lans) {
        const gw = gatewayStation(lan);
        const gwIp = gw?.lead.cfg.staticIp;
        if (!gw || gw.networkMode !== 'static' || !gwIp) continue;
        for (const s of lan.staticStations)
          if (s !== gw && s.lead.cfg.staticGateway !== gwIp)
            report(
              paramTarget(s.lead, 'staticGateway'),
              `Station ${s.station.id} has 'Static network configuration GATEWAY' = '${s.lead.cfg.staticGateway ?? ''}'; it must be the gateway charge point's IP ${gwIp}. Enter ${gwIp}.`,
            );
      }
    },
  ),
  defineRule(
    {
      id: 'net.static-ignored-on-dhcp-server',
      severity: 'info',
      target: 'parameter',
      section: '§4.1.1',
      source: 'stated',
      title: 'Static settings are ignored in DHCP server mode',
    },
    (index, report) => {
      for (const s of index.stations)
        if (s.networkMode === 'dhcpServer' && (s.lead.cfg.staticIp ?? '') !== '')
          report(
            paramTarget(s.lead, 'staticIp'),
            `Station ${s.station.id} is the DHCP server (own IP 172.42.23.1); its static IP ${s.lead.cfg.staticIp} is ignored. Clear the static network configuration to avoid confusion.`,
          );
    },
  ),
  defineRule(
    {
      id: 'net.mixed-addressing',
      severity: 'warning',
      target: 'network',
      section: '§4, §5.3',
      source: 'implied',
      title: 'A network uses either static or dynamic addresses',
    },
    (index, report) => {
      for (const lan of index.lans) {
        const statics = lan.staticStations.length;
        if (statics > 0 && statics < lan.stations.length)
          report(
            lanTarget(lan.id),
            `LAN ${lan.id} mixes static and dynamic (DHCP) addressing; static addresses may collide with the pool and §5.3 assumes all static. Use one scheme for all stations.`,
          );
      }
    },
  ),
];
