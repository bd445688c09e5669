import { indexSite, type DlmNetwork, type EcuEntry } from '../audit/site-index';
import type { EcuConfig } from '../config/catalog';
import type { Site, SiteExternalMeter, StationEcu } from '../config/site';

// A configured site's DLM networks (§7.1, §7.3): ECUs grouped by LAN and 'DLM Network Id', the
// master's configuration and the external meter wired to it. Shared by every projection of a Site.

export interface SiteDlmNetwork {
  /** Stable id for contracts (DlmNetworkId: A–Z a–z 0–9 _ -): 'dlm-<n>', prefixed by the LAN on multi-LAN sites. */
  readonly id: string;
  readonly lanId: string;
  readonly dlmNetworkId: number;
  /** The one DLM master (§7.1); undefined when the audit would report none. */
  readonly master: StationEcu | undefined;
  readonly masterConfig: EcuConfig;
  readonly members: readonly StationEcu[];
  readonly supplyLineIds: readonly string[];
  /** The external meter the master reads (§7.4), if the site declares one. */
  readonly meter: SiteExternalMeter | undefined;
}

const contractId = (text: string): string => text.replace(/[^A-Za-z0-9_-]/g, '_');

/** The DLM networks of a site, in the order their first ECU appears. */
export function siteDlmNetworks(site: Site): SiteDlmNetwork[] {
  const index = indexSite(site);
  const multiLan = new Set(index.dlmNetworks.map((n) => n.lanId)).size > 1;
  return index.dlmNetworks.map((net: DlmNetwork) => {
    const master: EcuEntry | undefined = net.masters[0];
    return {
      id: contractId(multiLan ? `${net.lanId}-dlm-${net.networkId}` : `dlm-${net.networkId}`),
      lanId: net.lanId,
      dlmNetworkId: net.networkId,
      master: master?.ecu,
      masterConfig: master?.cfg ?? {},
      members: net.members.map((m) => m.ecu),
      supplyLineIds: net.supplyLineIds,
      meter: net.meters[0],
    };
  });
}
