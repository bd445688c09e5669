import { anAmtron, aSite, phases } from '../../config/builders';
import type { Site, Station } from '../../config/site';

// Test builders for load control: a site whose main connection is shared by several DLM networks,
// each an AMTRON master with `members` AMTRON slaves, plus charge points without a DLM master.

export interface SharedSiteOptions {
  mainA?: number;
  /** Per network: EVSE Sub-Distribution Limit (A) and number of charge points (master included). */
  networks?: readonly { subDistributionA: number; chargePoints: number; operatorA?: number }[];
  withoutDlm?: number;
  timeZone?: string;
}

export function aSharedSite(options: SharedSiteOptions = {}): Site {
  const networks = options.networks ?? [
    { subDistributionA: 63, chargePoints: 2 },
    { subDistributionA: 63, chargePoints: 2 },
  ];
  const stations: Station[] = [];
  networks.forEach((net, n) => {
    for (let i = 0; i < net.chargePoints; i++)
      stations.push(
        anAmtron({
          id: `n${n + 1}-cp${i + 1}`,
          config:
            i === 0
              ? {
                  dlmMode: 'masterWithInternalSlave',
                  dlmNetworkId: n + 1,
                  evseSubDistributionLimit: phases(net.subDistributionA),
                  ...(net.operatorA !== undefined && {
                    operatorEvseSubDistributionLimit: phases(net.operatorA),
                  }),
                }
              : { dlmMode: 'slaveAutoDiscovery', dlmNetworkId: n + 1 },
        }),
      );
  });
  for (let i = 0; i < (options.withoutDlm ?? 0); i++) stations.push(anAmtron({ id: `free-${i + 1}` }));
  return aSite({
    mainA: options.mainA ?? 100,
    stations,
    ...(options.timeZone !== undefined && { timeZone: options.timeZone }),
  });
}
