import type { BoolParam, StringParam } from './catalog-types';
import { enumParam, from461, sameName } from './catalog-types';

// §5 (backend via SIM, gateway charge point) and §6 (backend over local internet).

export const backendParams = {
  connectionType: enumParam({
    menu: 'Settings',
    scope: 'station',
    apply: 'saveAndRestart',
    type: 'enum',
    section: '§5.1, §6',
    names: sameName('Connection Type'),
    aliases: ['Connection type'],
    description: 'Data connection to the backend; GSM needs the modem of a "+" variant and a Micro-SIM.',
    // 'WLAN' and 'No backend' are implied by the help texts of §4.2 and §6; their labels are assumed.
    options: [
      { value: 'ethernet', labels: sameName('Ethernet') },
      { value: 'gsm', labels: sameName('GSM') },
      { value: 'wlan', labels: sameName('WLAN') },
      { value: 'none', labels: sameName('No backend'), aliases: ['None', 'Off'] },
    ],
  }),
  wanRouter: {
    menu: 'Operator',
    scope: 'gateway',
    apply: 'saveAndRestart',
    type: 'bool',
    section: '§5.1',
    names: sameName('WAN router'),
    description: 'Enables access from LAN interfaces to the WAN (GSM) interface: On only on the gateway.',
    default: false,
  } satisfies BoolParam,
  ocppMode: enumParam({
    menu: 'Settings',
    scope: 'station',
    apply: 'saveAndRestart',
    type: 'enum',
    section: '§5.2, §6',
    names: sameName('OCPP Mode'),
    aliases: ['OCPP mode'],
    description: 'Backend protocol; the gateway function needs OCPP-J 1.6.',
    // The SOAP and Binary labels are assumed from the help text ('SOAP/JSON variant or ... Binary OCPP').
    options: [
      { value: 'ocppJ16', labels: sameName('OCPP-J 1.6') },
      { value: 'ocppS16', labels: sameName('OCPP-S 1.6') },
      { value: 'binaryOcpp', labels: sameName('Binary OCPP') },
    ],
    default: 'ocppJ16',
  }),
  backendUrl: {
    menu: 'Settings',
    scope: 'station',
    apply: 'saveAndRestart',
    type: 'string',
    format: 'url',
    maxLength: 512,
    section: '§5.2, §6',
    names: sameName('WebSockets JSON OCPP URL of the Backend'),
    aliases: ['WebSocket JSON OCPP URL of Backend'],
    description: 'WS/JSON endpoint; must begin with ws:// or wss://. The charge point id is appended.',
  } satisfies StringParam,
  httpBasicAuthPassword: {
    menu: 'Settings',
    scope: 'station',
    apply: 'saveAndRestart',
    type: 'string',
    format: 'text',
    maxLength: 128,
    section: '§6',
    names: from461('HTTP Basic Authentication password'),
    description: 'Password for HTTP Basic Authorization; empty disables it. From 4.61.',
    secret: true,
  } satisfies StringParam,
};
