import type { IntParam, StringParam } from './catalog-types';
import { enumParam, renamedIn461, sameName } from './catalog-types';

// §4 Set up network: addressing of the station (an AMEDIO has one IP for both ECUs, ports 81/82, §2.3).

const base = { menu: 'Operator', scope: 'station', apply: 'saveAndRestart' } as const;

export const networkParams = {
  networkMode: enumParam({
    ...base,
    type: 'enum',
    section: '§4.1, §4.2',
    names: renamedIn461('Mode for network configuration', 'Mode for ethernet configuration'),
    description:
      "'Auto' uses DHCP; 'Static' uses the static network configuration; 'DHCP server' serves 172.42.23.100–254.",
    options: [
      {
        value: 'auto',
        labels: { '4.50': 'Auto (DHCP)', '4.52': 'Auto (DHCP)', '4.53': 'Auto (DHCP)', '4.61': 'Auto' },
        aliases: ['Auto (DHCP Client)', 'DHCP Client'],
      },
      {
        value: 'static',
        labels: {
          '4.50': 'Manual config',
          '4.52': 'Manual config',
          '4.53': 'Manual config',
          '4.61': 'Static',
        },
      },
      { value: 'dhcpServer', labels: { '4.61': 'DHCP server' } },
    ],
    default: 'auto',
  }),
  dhcpClientHostname: {
    ...base,
    type: 'string',
    format: 'text',
    maxLength: 63,
    section: '§4.2',
    names: sameName('DHCP client hostname'),
    description: 'Hostname string sent to the DHCP server along with a DHCP request.',
    default: '',
  } satisfies StringParam,
  dhcpClientRequestRetries: {
    ...base,
    type: 'int',
    min: 0,
    max: 100,
    unit: 'count',
    section: '§4.2',
    names: sameName('DHCP client request retries'),
    description: 'DHCP request number of retries before giving up.',
    default: 10,
  } satisfies IntParam,
  dhcpClientRequestTimeout: {
    ...base,
    type: 'int',
    min: 1,
    max: 600,
    unit: 's',
    section: '§4.2',
    names: sameName('DHCP client request timeout'),
    description: 'DHCP request timeout in seconds.',
    default: 10,
  } satisfies IntParam,
  dhcpClientRequestDelay: {
    ...base,
    type: 'int',
    min: 0,
    max: 600,
    unit: 's',
    section: '§4.2',
    names: sameName('DHCP client request delay'),
    description: 'DHCP request delay between multiple requests in seconds.',
    default: 10,
  } satisfies IntParam,
  staticIp: {
    ...base,
    type: 'string',
    format: 'ipv4',
    maxLength: 15,
    section: '§4.2, §5.3',
    names: sameName('Static network configuration IP'),
    description: 'Static IP of the charge point (the backend connection device, else Ethernet).',
  } satisfies StringParam,
  staticNetmask: {
    ...base,
    type: 'string',
    format: 'netmask',
    maxLength: 15,
    section: '§4.2, §5.3',
    names: sameName('Static network configuration NETMASK'),
    description: 'Netmask to use for the charge point.',
  } satisfies StringParam,
  staticGateway: {
    ...base,
    type: 'string',
    format: 'ipv4',
    maxLength: 15,
    section: '§5.3',
    names: sameName('Static network configuration GATEWAY'),
    description: "Gateway to use: the gateway charge point's IP; empty on the gateway charge point itself.",
    default: '',
  } satisfies StringParam,
};
