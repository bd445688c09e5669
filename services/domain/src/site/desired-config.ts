import type { Site } from '../config/site';

// The desired configuration as stored in the cloud (item CONFIG#DESIRED): the Site without secrets.
// ECU operator credentials are never stored in clear (DESIGN.md "Reliability and security").

export function desiredSiteConfig(site: Site): Site {
  return {
    ...site,
    stations: site.stations.map((station) => ({
      ...station,
      ecus: station.ecus.map(({ credentials: _secret, ...ecu }) => ecu),
    })),
  };
}
