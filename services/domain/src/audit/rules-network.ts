import { firmwareAtLeast } from '../config/firmware';
import type { AuditRule } from './rule';
import { defineRule } from './rule';
import type { StationEntry } from './site-index';
import { ecuTarget, lanTarget, paramTarget, stationTarget } from './site-index';
import { DHCP_POOL, DHCP_SERVER_IP, ipToNumber } from './values';

// §4 Set up network: DHCP server ECU (4.61), router DHCP, static addresses.

const before461 = (s: StationEntry): boolean =>
  s.lead.firmware !== undefined && !firmwareAtLeast(s.lead.firmware, '4.61');
const poolFirst = ipToNumber(DHCP_POOL.first) ?? 0;
const poolLast = ipToNumber(DHCP_POOL.last) ?? 0;
const serverIp = ipToNumber(DHCP_SERVER_IP);

const dhcpServerRules: AuditRule[] = [
  defineRule(
    {
      id: 'net.dhcp-server-needs-461',
      severity: 'error',
      target: 'parameter',
      section: '§4.1',
      source: 'stated',
      title: 'The ECU DHCP server needs firmware 4.61',
    },
    (index, report) => {
      for (const s of index.stations)
        if (s.networkMode === 'dhcpServer' && before461(s))
          report(
            paramTarget(s.lead, 'networkMode'),
            `Station ${s.station.id} runs firmware ${s.lead.ecu.firmware}, which has no DHCP server mode. Update the ECU to 4.61 or assign static IP addresses ('Manual config').`,
          );
    },
  ),
  defineRule(
    {
      id: 'net.single-dhcp-server',
      severity: 'error',
      target: 'network',
      section: '§4.1.1',
      source: 'stated',
      title: 'One DHCP server ECU per network',
    },
    (index, report) => {
      for (const lan of index.lans)
        if (lan.dhcpServers.length > 1)
          report(
            lanTarget(lan.id),
            `LAN ${lan.id} has ${lan.dhcpServers.length} ECUs in 'DHCP server' mode (${lan.dhcpServers.map((s) => s.station.id).join(', ')}). Keep it on the gateway charge point only and set the others to 'Auto'.`,
          );
    },
  ),
  defineRule(
    {
      id: 'net.dhcp-server-is-gateway',
      severity: 'error',
      target: 'station',
      section: '§4.1.1',
      source: 'stated',
      title: 'The DHCP server ECU is the gateway charge point',
    },
    (index, report) => {
      for (const s of index.stations)
        if (s.networkMode === 'dhcpServer' && !s.lead.isGateway)
          report(
            stationTarget(s.station),
            `Station ${s.station.id} is the DHCP server but not the gateway. The DHCP server must be the gateway: set 'Connection Type' = GSM and 'WAN router' = On here, or move the DHCP server to the gateway.`,
          );
    },
  ),
  defineRule(
    {
      id: 'net.dhcp-server-and-router',
      severity: 'error',
      target: 'network',
      section: '§4.1',
      source: 'implied',
      title: 'Not both a router and an ECU serve DHCP',
    },
    (index, report) => {
      for (const lan of index.lans)
        if (lan.lan?.routerDhcp && lan.dhcpServers.length > 0)
          report(
            lanTarget(lan.id),
            `LAN ${lan.id} has both a router DHCP server and an ECU in 'DHCP server' mode. Disable one: the ECU for a SIM gateway (§4.1.1), the router for local internet (§4.1.2).`,
          );
    },
  ),
];

const dhcpClientRules: AuditRule[] = [
  defineRule(
    {
      id: 'net.dhcp-client-has-server',
      severity: 'error',
      target: 'station',
      section: '§4.1',
      source: 'implied',
      title: "'Auto' stations have a DHCP server in their LAN",
    },
    (index, report) => {
      for (const lan of index.lans) {
        if (lan.lan?.routerDhcp || lan.dhcpServers.length > 0) continue;
        for (const s of lan.stations)
          if (s.networkMode === 'auto')
            report(
              stationTarget(s.station),
              `Station ${s.station.id} gets its address by DHCP but LAN ${lan.id} has no DHCP server. Configure the gateway ECU as 'DHCP server' (4.61), enable DHCP on the router, or assign a static IP.`,
            );
      }
    },
  ),
  defineRule(
    {
      id: 'net.dhcp-needs-461',
      severity: 'warning',
      target: 'station',
      section: '§4.1',
      source: 'stated',
      title: 'Dynamic addressing of networked stations needs 4.61',
    },
    (index, report) => {
      for (const lan of index.lans) {
        if (lan.stations.length < 2) continue;
        for (const s of lan.stations)
          if (s.networkMode === 'auto' && before461(s))
            report(
              stationTarget(s.station),
              `Station ${s.station.id} (firmware ${s.lead.ecu.firmware}) uses DHCP in a network of ${lan.stations.length} stations; before 4.61 the addresses must be assigned statically. Set 'Manual config' with a static IP, or update to 4.61.`,
            );
      }
    },
  ),
  defineRule(
    {
      id: 'net.sim-dhcp-needs-ecu-server',
      severity: 'error',
      target: 'network',
      section: '§4.1.1, §5',
      source: 'stated',
      title: 'With a SIM gateway, dynamic addresses come from the ECU DHCP server',
    },
    (index, report) => {
      for (const lan of index.lans)
        if (
          lan.gateways.length > 0 &&
          lan.dhcpServers.length === 0 &&
          lan.stations.some((s) => s.networkMode === 'auto')
        )
          report(
            lanTarget(lan.id),
            `LAN ${lan.id} reaches the backend through a SIM gateway but its 'Auto' stations have no ECU DHCP server. Set the gateway's network mode to 'DHCP server' (4.61) or assign static IPs.`,
          );
    },
  ),
  defineRule(
    {
      id: 'net.gateway-static-453',
      severity: 'error',
      target: 'station',
      section: '§5',
      source: 'stated',
      title: 'Before 4.61 a gateway network uses static IPs',
    },
    (index, report) => {
      for (const lan of index.lans) {
        if (lan.gateways.length === 0) continue;
        for (const s of lan.stations)
          if (s.networkMode !== 'static' && before461(s))
            report(
              stationTarget(s.station),
              `Station ${s.station.id} (firmware ${s.lead.ecu.firmware}) is in a gateway network; with 4.53 and older the charge points can only reach the backend through the gateway with static IPs. Set 'Manual config' and a static IP.`,
            );
      }
    },
  ),
  defineRule(
    {
      id: 'net.amedio-ports',
      severity: 'error',
      target: 'ecu',
      section: '§2.3',
      source: 'stated',
      title: 'AMEDIO master on port 81, satellite on port 82',
    },
    (index, report) => {
      for (const e of index.ecus) {
        const expected = e.ecu.position === 'master' ? 81 : e.ecu.position === 'satellite' ? 82 : undefined;
        if (e.hw.family === 'AMEDIO' && e.ecu.port !== undefined && e.ecu.port !== expected)
          report(
            ecuTarget(e),
            `${e.ecu.chargePointId} is recorded on port ${e.ecu.port}; the AMEDIO ${e.ecu.position} charge point always runs on port ${expected ?? '81/82'}. Correct the recorded port.`,
          );
      }
    },
  ),
];

export const networkRules: AuditRule[] = [
  ...dhcpServerRules,
  ...dhcpClientRules,
  defineRule(
    {
      id: 'net.static-outside-dhcp-pool',
      severity: 'error',
      target: 'parameter',
      section: '§4.1.1',
      source: 'implied',
      title: 'Static IPs outside the ECU DHCP pool 172.42.23.100–254 and .1',
    },
    (index, report) => {
      for (const lan of index.lans) {
        if (lan.dhcpServers.length === 0) continue;
        for (const { s, ip } of lan.staticAddresses)
          if (ip === serverIp || (ip >= poolFirst && ip <= poolLast))
            report(
              paramTarget(s.lead, 'staticIp'),
              `Static IP ${s.lead.cfg.staticIp} of station ${s.station.id} collides with the ECU DHCP server (${DHCP_SERVER_IP}, pool ${DHCP_POOL.first}–${DHCP_POOL.last}). Pick an address in 172.42.23.2–99 or use 'Auto'.`,
            );
      }
    },
  ),
];
