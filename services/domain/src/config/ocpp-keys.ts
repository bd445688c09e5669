import type { EcuParamKey } from './catalog';
import type { NamesByVersion } from './catalog-types';
import { from461, renamedIn461, sameName } from './catalog-types';

// The catalog's parameters as OCPP 1.6 configuration keys (GetConfiguration / ChangeConfiguration, OCPP 1.6
// §5.8 / §5.3), per firmware — DATA, one entry per catalog parameter (the `satisfies` below makes a
// parameter without an entry a compile error).
//
// ASSUMED, all of them: the manual documents the web-interface names only (catalog*.ts), never the OCPP
// key names, and MENNEKES publishes no key list. We take each key to be the firmware's web-interface name
// WITHOUT its unit suffix (' (L1/L2/L3) [A]', ' [A]'), so keys stay ≤ 50 characters (CiString50) and
// follow the 4.61 renames. `source: 'assumed'` says so per entry; when a real ECU's key is known, replace
// that entry's `keys` and set `source: 'observed'` with where it was seen in `note`.
// `readonly` is what the ECU answers in GetConfiguration: also assumed (see the notes).

export type OcppKeySource = 'assumed' | 'observed';

export interface OcppKeyMapping {
  /** The OCPP configuration key per firmware; a missing version lacks the parameter (as in the catalog). */
  readonly keys: NamesByVersion;
  /** GetConfiguration's `readonly`: ChangeConfiguration of the key is Rejected. */
  readonly readonly: boolean;
  readonly source: OcppKeySource;
  readonly note?: string;
}

const assumed = (keys: NamesByVersion, readonly = false, note?: string): OcppKeyMapping => ({
  keys,
  readonly,
  source: 'assumed',
  ...(note !== undefined && { note }),
});

// Why these are read-only: changing the link the ECU's own OCPP session runs over (§4, §5) could cut the
// ECU off from every backend with no way back over OCPP; they are set in the web interface.
const LINK = 'changes the link OCPP itself runs over (§4, §5): web interface only, assumed';

export const ocppKeyMap = {
  // §3 phase wiring, §9 downgrade inputs
  phaseConnection: assumed(sameName('Phase connected to the Charge Point')),
  phaseRotation: assumed(sameName('Phase rotation of the Charge Point')),
  externalInput1Config: assumed(sameName('External Input 1 Config')),
  externalInput1CurrentOffset: assumed(sameName('External Input 1 Current Offset')),
  externalInput2Config: assumed(sameName('External Input 2 Config')),
  externalInput2CurrentOffset: assumed(sameName('External Input 2 Current Offset')),
  // §4 network
  networkMode: assumed(
    renamedIn461('Mode for network configuration', 'Mode for ethernet configuration'),
    true,
    LINK,
  ),
  dhcpClientHostname: assumed(sameName('DHCP client hostname')),
  dhcpClientRequestRetries: assumed(sameName('DHCP client request retries')),
  dhcpClientRequestTimeout: assumed(sameName('DHCP client request timeout')),
  dhcpClientRequestDelay: assumed(sameName('DHCP client request delay')),
  staticIp: assumed(sameName('Static network configuration IP'), true, LINK),
  staticNetmask: assumed(sameName('Static network configuration NETMASK'), true, LINK),
  staticGateway: assumed(sameName('Static network configuration GATEWAY'), true, LINK),
  // §5, §6 backend
  connectionType: assumed(sameName('Connection Type'), true, LINK),
  wanRouter: assumed(sameName('WAN router')),
  ocppMode: assumed(sameName('OCPP Mode'), true, LINK),
  backendUrl: assumed(sameName('WebSockets JSON OCPP URL of the Backend')),
  httpBasicAuthPassword: assumed(
    from461('HTTP Basic Authentication password'),
    false,
    'write-only like OCPP 1.6 security AuthorizationKey: GetConfiguration returns no value',
  ),
  // §7 DLM, §8 imbalance
  dlmMode: assumed(sameName('Dynamic Load Management')),
  dlmNetworkId: assumed(sameName('DLM Network Id')),
  dlmSampleRate: assumed(sameName('DLM Algorithm Sample Rate')),
  evseSubDistributionLimit: assumed(
    sameName('EVSE Sub-Distribution Limit'),
    true,
    'the supply line rating (§7.1, Save & Restart): web interface only; the operator limit is the runtime one',
  ),
  operatorEvseSubDistributionLimit: assumed(sameName('Operator EVSE Sub-Distribution Limit')),
  operatorCurrentLimit: assumed(sameName('Operator Current Limit')),
  currentImbalancePrevention: assumed(sameName('Current Imbalance Prevention')),
  currentImbalanceLimit: assumed(sameName('Current Imbalance Limit')),
  // §7.4 external meter
  externalMeterSupport: assumed(sameName('External Meter Support')),
  mainDistributionLimit: assumed(sameName('Main Distribution Limit')),
  externalLoadHeadroom: assumed(from461('External Load Headroom')),
  externalLoadFallback: assumed(
    renamedIn461('External Meter Disconnected Fallback', 'External Load Fallback'),
  ),
  externalMeterLocation: assumed(sameName('External Meter Location')),
  secondMeterConfig: assumed(sameName('Meter configuration (Second)')),
} as const satisfies { readonly [K in EcuParamKey]: OcppKeyMapping };

/**
 * Keys outside the catalog whose value must never leave the site: OCPP 1.6 security's write-only
 * AuthorizationKey (the Basic-auth password) — an ECU that answers it in clear is not copied.
 */
export const WRITE_ONLY_OCPP_KEYS: readonly string[] = ['AuthorizationKey'];
