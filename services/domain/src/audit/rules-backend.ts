import type { AuditRule } from './rule';
import { defineRule } from './rule';
import type { StationEntry } from './site-index';
import { ecuLabel, ecuTarget, lanTarget, paramTarget, stationTarget } from './site-index';

// §5 backend via a SIM card (gateway charge point) and §6 backend over local internet.

/** MENNEKES recommends at most 50 charge points behind one SIM (§5). */
export const MAX_CPS_PER_SIM = 50;

const usesOcppJ = (s: StationEntry): boolean => (s.lead.cfg.ocppMode ?? 'ocppJ16') === 'ocppJ16';
const hasBackend = (s: StationEntry): boolean => (s.lead.cfg.connectionType ?? 'none') !== 'none';

const gatewayRules: AuditRule[] = [
  defineRule(
    {
      id: 'backend.single-gateway',
      severity: 'error',
      target: 'network',
      section: '§5',
      source: 'stated',
      title: 'One gateway charge point per network',
    },
    (index, report) => {
      for (const lan of index.lans)
        if (lan.gateways.length > 1)
          report(
            lanTarget(lan.id),
            `LAN ${lan.id} has ${lan.gateways.length} gateway charge points (WAN router On: ${lan.gateways.map(ecuLabel).join(', ')}). Keep one; set 'WAN router' = Off and 'Connection Type' = Ethernet on the others.`,
          );
    },
  ),
  defineRule(
    {
      id: 'backend.gateway-gsm',
      severity: 'error',
      target: 'parameter',
      section: '§5.1',
      source: 'stated',
      title: 'The gateway uses Connection Type GSM',
    },
    (index, report) => {
      for (const e of index.ecus)
        if (e.isGateway && e.leads && e.cfg.connectionType !== 'gsm')
          report(
            paramTarget(e, 'connectionType'),
            `${ecuLabel(e)} has 'WAN router' = On but 'Connection Type' is not GSM. The gateway charge point uses GSM; set 'Connection Type' = GSM, or 'WAN router' = Off if it is not the gateway.`,
          );
    },
  ),
  defineRule(
    {
      id: 'backend.amedio-gateway-master',
      severity: 'error',
      target: 'ecu',
      section: '§5',
      source: 'stated',
      title: 'On an AMEDIO only the master charge point can be the gateway',
    },
    (index, report) => {
      for (const e of index.ecus)
        if ((e.isGateway || e.cfg.connectionType === 'gsm') && e.ecu.position === 'satellite')
          report(
            ecuTarget(e),
            `${ecuLabel(e)} is an AMEDIO satellite set up for GSM/WAN router; only the master charge point has the modem. Configure the gateway on the master ECU and set 'WAN router' = Off here.`,
          );
    },
  ),
  defineRule(
    {
      id: 'backend.gsm-needs-modem',
      severity: 'error',
      target: 'parameter',
      section: '§5',
      source: 'stated',
      title: "GSM needs a '+' variant with a modem",
    },
    (index, report) => {
      for (const s of index.stations)
        if (s.lead.cfg.connectionType === 'gsm' && !s.hw.hasModem)
          report(
            paramTarget(s.lead, 'connectionType'),
            `Station ${s.station.id} (${s.station.model}) has no wireless modem (only '+' variants do) but uses 'Connection Type' = GSM. Use Ethernet, or make a '+' station the gateway.`,
          );
    },
  ),
  defineRule(
    {
      id: 'backend.gateway-needs-sim',
      severity: 'error',
      target: 'station',
      section: '§5',
      source: 'stated',
      title: 'The gateway has a Micro-SIM card',
    },
    (index, report) => {
      for (const s of index.stations)
        if ((s.lead.isGateway || s.lead.cfg.connectionType === 'gsm') && !s.station.simCard)
          report(
            stationTarget(s.station),
            `Station ${s.station.id} uses GSM but has no Micro-SIM recorded. Insert a Micro-SIM (AMEDIO: left-hand ECU) and record it.`,
          );
    },
  ),
  defineRule(
    {
      id: 'backend.gateway-ocpp-j16',
      severity: 'error',
      target: 'parameter',
      section: '§5',
      source: 'stated',
      title: 'The gateway function needs OCPP-J 1.6',
    },
    (index, report) => {
      for (const s of index.stations)
        if (s.lead.isGateway && !usesOcppJ(s))
          report(
            paramTarget(s.lead, 'ocppMode'),
            `Gateway charge point ${s.station.id} does not use OCPP-J 1.6; the gateway function needs it. Set 'OCPP Mode' = OCPP-J 1.6.`,
          );
    },
  ),
  defineRule(
    {
      id: 'backend.sim-max-50',
      severity: 'warning',
      target: 'network',
      section: '§5',
      source: 'stated',
      title: `At most ${MAX_CPS_PER_SIM} charge points behind one SIM`,
    },
    (index, report) => {
      for (const lan of index.lans)
        if (lan.gateways.length > 0 && lan.ecus.length > MAX_CPS_PER_SIM)
          report(
            lanTarget(lan.id),
            `${lan.ecus.length} charge points reach the backend through one SIM in LAN ${lan.id}; MENNEKES recommends at most ${MAX_CPS_PER_SIM}. Split the network and add a second gateway with its own SIM, depending on signal quality and data volume.`,
          );
    },
  ),
];

const networkedRules: AuditRule[] = [
  defineRule(
    {
      id: 'backend.networked-ethernet',
      severity: 'error',
      target: 'parameter',
      section: '§5.1',
      source: 'stated',
      title: 'Behind a gateway: Connection Type Ethernet and WAN router Off',
    },
    (index, report) => {
      for (const lan of index.lans) {
        if (lan.gateways.length === 0) continue;
        for (const s of lan.stations)
          if (!s.lead.isGateway && s.lead.cfg.connectionType !== 'ethernet')
            report(
              paramTarget(s.lead, 'connectionType'),
              `Station ${s.station.id} is behind gateway ${lan.gateways.map(ecuLabel).join(', ')} but its 'Connection Type' is ${s.lead.cfg.connectionType ?? 'unset'}. Set 'Connection Type' = Ethernet and 'WAN router' = Off.`,
            );
      }
    },
  ),
  defineRule(
    {
      id: 'backend.networked-ocpp-j16',
      severity: 'error',
      target: 'parameter',
      section: '§5.2',
      source: 'stated',
      title: 'Every charge point behind a gateway uses OCPP-J 1.6',
    },
    (index, report) => {
      for (const lan of index.lans) {
        if (lan.gateways.length === 0) continue;
        for (const s of lan.stations)
          if (!s.lead.isGateway && !usesOcppJ(s))
            report(
              paramTarget(s.lead, 'ocppMode'),
              `Station ${s.station.id} is behind a gateway but does not use OCPP-J 1.6. Set 'OCPP Mode' = OCPP-J 1.6 on every charge point of the network.`,
            );
      }
    },
  ),
  defineRule(
    {
      id: 'backend.local-internet',
      severity: 'error',
      target: 'network',
      section: '§6',
      source: 'stated',
      title: 'Without a gateway, an Ethernet backend needs internet in the LAN',
    },
    (index, report) => {
      for (const lan of index.lans) {
        if (lan.gateways.length > 0 || lan.lan?.internet !== false) continue;
        const ethernet = lan.stations.filter((s) => s.lead.cfg.connectionType === 'ethernet');
        if (ethernet.length > 0)
          report(
            lanTarget(lan.id),
            `LAN ${lan.id} has no internet connection and no gateway, but ${ethernet.map((s) => s.station.id).join(', ')} reach the backend over Ethernet. Connect the LAN to the internet (§6) or set up a SIM gateway (§5).`,
          );
      }
    },
  ),
];

const urlRules: AuditRule[] = [
  defineRule(
    {
      id: 'backend.url-set',
      severity: 'error',
      target: 'parameter',
      section: '§5.2, §6',
      source: 'stated',
      title: 'OCPP-J 1.6 needs the backend URL',
    },
    (index, report) => {
      for (const s of index.stations)
        if (hasBackend(s) && usesOcppJ(s) && (s.lead.cfg.backendUrl ?? '').trim() === '')
          report(
            paramTarget(s.lead, 'backendUrl'),
            `Station ${s.station.id} uses OCPP-J 1.6 without 'WebSockets JSON OCPP URL of the Backend'. Enter the ws:// or wss:// URL from your backend operator.`,
          );
    },
  ),
  defineRule(
    {
      id: 'backend.url-scheme',
      severity: 'error',
      target: 'parameter',
      section: '§5.2, §6',
      source: 'stated',
      title: 'The backend URL begins with ws:// or wss://',
    },
    (index, report) => {
      for (const s of index.stations) {
        const url = (s.lead.cfg.backendUrl ?? '').trim();
        if (url !== '' && !/^wss?:\/\/\S+$/i.test(url))
          report(
            paramTarget(s.lead, 'backendUrl'),
            `Backend URL '${url}' of station ${s.station.id} must be the WS/JSON endpoint beginning with ws:// or wss://. Correct it (the charge point id is appended automatically).`,
          );
      }
    },
  ),
  defineRule(
    {
      id: 'backend.basic-auth-over-ws',
      severity: 'warning',
      target: 'parameter',
      section: '§6',
      source: 'added',
      title: 'HTTP Basic Authentication over wss:// only (the password is sent in clear text over ws://)',
    },
    (index, report) => {
      for (const s of index.stations)
        if ((s.lead.cfg.httpBasicAuthPassword ?? '') !== '' && /^ws:\/\//i.test(s.lead.cfg.backendUrl ?? ''))
          report(
            paramTarget(s.lead, 'backendUrl'),
            `Station ${s.station.id} sends its HTTP Basic Authentication password over an unencrypted ws:// URL. Use a wss:// URL.`,
          );
    },
  ),
];

export const backendRules: AuditRule[] = [...gatewayRules, ...networkedRules, ...urlRules];
