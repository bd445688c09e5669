import type { EcuConfig, EcuParamKey } from './catalog';
import { ECU_PARAM_KEYS, paramSpec } from './catalog';
import type { Site, StationEcu } from './site';

// Secrets of a desired configuration are write-only (DESIGN.md "Reliability and security"): the ECU
// operator credentials (commissioning sheet) and every catalog parameter marked secret, such as the
// OCPP Basic-auth password (§6). They are kept apart from the Site JSON (stored sealed by the adapters),
// shown only as a mask, and a save that omits one — or sends the mask back — keeps the stored value.

/** What a secret looks like on the way out; sent back unchanged it means "keep the stored one". */
export const SECRET_MASK = '••••';

/** Catalog parameters whose values are write-only. */
export const SECRET_PARAM_KEYS: readonly EcuParamKey[] = ECU_PARAM_KEYS.filter(
  (key) => paramSpec(key).secret === true,
);

export interface EcuSecrets {
  credentials?: { user: string; password: string };
  params?: Partial<Record<EcuParamKey, string>>;
}
/** A site's secrets by charge point id. */
export type SiteSecrets = Record<string, EcuSecrets>;

function mapEcus(site: Site, fn: (ecu: StationEcu) => StationEcu): Site {
  return {
    ...site,
    stations: site.stations.map((station) => ({ ...station, ecus: station.ecus.map(fn) })),
  };
}

/** The site without any secret, and the secrets by ECU. */
export function splitSecrets(site: Site): { site: Site; secrets: SiteSecrets } {
  const secrets: SiteSecrets = {};
  const stripped = mapEcus(site, ({ credentials, ...ecu }) => {
    const own: EcuSecrets = {};
    if (credentials) own.credentials = { ...credentials };
    const config: Record<string, unknown> = { ...ecu.config };
    for (const key of SECRET_PARAM_KEYS) {
      const value = config[key];
      if (typeof value === 'string') (own.params ??= {})[key] = value;
      delete config[key];
    }
    if (own.credentials || own.params) secrets[ecu.chargePointId] = own;
    return { ...ecu, config: config };
  });
  return { site: stripped, secrets };
}

/** The site with its secrets put back (the stored form → the whole configuration). */
export function joinSecrets(site: Site, secrets: SiteSecrets): Site {
  return mapEcus(site, (ecu) => {
    const own = secrets[ecu.chargePointId];
    if (!own) return ecu;
    return {
      ...ecu,
      ...(own.credentials && { credentials: { ...own.credentials } }),
      config: { ...ecu.config, ...own.params } as EcuConfig,
    };
  });
}

/** The site as callers see it: every set secret replaced by the mask (the user name stays readable). */
export function maskSecrets(site: Site, secrets: SiteSecrets): Site {
  const masked: SiteSecrets = {};
  for (const [cp, own] of Object.entries(secrets)) {
    masked[cp] = {
      ...(own.credentials && { credentials: { user: own.credentials.user, password: SECRET_MASK } }),
      ...(own.params && {
        params: Object.fromEntries(Object.keys(own.params).map((k) => [k, SECRET_MASK])),
      }),
    };
  }
  return joinSecrets(site, masked);
}

/**
 * An incoming whole site where a secret that is absent or still the mask takes the stored value of the
 * same ECU (matched by charge point id), so editing other fields never erases a password.
 */
export function keepOmittedSecrets(incoming: Site, stored: SiteSecrets): Site {
  return mapEcus(incoming, (ecu) => {
    const own = stored[ecu.chargePointId];
    const config: Record<string, unknown> = { ...ecu.config };
    for (const key of SECRET_PARAM_KEYS) {
      const keep = own?.params?.[key];
      if (config[key] === SECRET_MASK || config[key] === undefined) {
        if (keep !== undefined) config[key] = keep;
        else delete config[key];
      }
    }
    let credentials = ecu.credentials;
    if (!credentials || credentials.password === SECRET_MASK)
      credentials = own?.credentials && {
        user: credentials?.user ?? own.credentials.user,
        password: own.credentials.password,
      };
    const { credentials: _old, ...rest } = ecu;
    return { ...rest, ...(credentials && { credentials }), config: config };
  });
}

/** Paths (as in diffSites) of the secrets that differ between two secret sets; never their values. */
export function changedSecretPaths(site: Site, before: SiteSecrets, after: SiteSecrets): string[] {
  const paths: string[] = [];
  for (const station of site.stations)
    for (const ecu of station.ecus) {
      const a = before[ecu.chargePointId];
      const b = after[ecu.chargePointId];
      const base = `stations[${station.id}].ecus[${ecu.chargePointId}]`;
      if (JSON.stringify(a?.credentials) !== JSON.stringify(b?.credentials))
        paths.push(`${base}.credentials`);
      for (const key of SECRET_PARAM_KEYS)
        if (a?.params?.[key] !== b?.params?.[key]) paths.push(`${base}.config.${key}`);
    }
  return paths;
}
