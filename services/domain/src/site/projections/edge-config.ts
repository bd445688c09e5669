import type { Site } from '../../config/site';
import type { LocalAuthorization } from '../../ocpp/authorization';
import { dlmNetworkSpecsOf, type DlmNetworkSpecOfSite, type DlmSpecOptions } from './dlm-specs';

// Site → the edge agent's configuration file (edge-agent/src/config.ts EdgeConfig), everything that
// follows from the site; what is secret or local to one box (password hashes, ports, paths, broker) is
// a parameter. The edge agent validates the result with its own schema.

export interface EdgeDeployment extends DlmSpecOptions {
  readonly orgId: string;
  readonly ocpp: {
    readonly host: string;
    readonly port: number;
    readonly path?: string;
    readonly heartbeatIntervalS?: number;
  };
  /** scrypt hash of each charge point's Basic-auth password, by charge point id. */
  readonly passwordHashes: Readonly<Record<string, string>>;
  readonly mqtt: { readonly url: string; readonly clientId?: string };
  readonly journalDir?: string;
  readonly authorization?: LocalAuthorization;
  readonly dataTransferVendorIds?: readonly string[];
}

export interface EdgeConfigOfSite {
  orgId: string;
  siteId: string;
  ocpp: {
    host: string;
    port: number;
    path: string;
    heartbeatIntervalS: number;
    chargePoints: { id: string; passwordHash: string }[];
    authorization?: LocalAuthorization;
    dataTransfer: { vendorIds: string[] };
  };
  mqtt: { url: string; clientId: string };
  journal?: { dir: string };
  dlm: { networks: DlmNetworkSpecOfSite[] };
}

/** Thrown when a charge point of the site has no password hash (each ECU authenticates, §6). */
export class MissingPasswordHashError extends Error {
  override readonly name = 'MissingPasswordHashError';
  constructor(readonly chargePointId: string) {
    super(`passwordHashes.${chargePointId}: no password hash for charge point ${chargePointId}`);
  }
}

export function edgeConfigOf(site: Site, deployment: EdgeDeployment): EdgeConfigOfSite {
  const chargePoints = site.stations.flatMap((s) =>
    s.ecus.map((ecu) => {
      const passwordHash = deployment.passwordHashes[ecu.chargePointId];
      if (passwordHash === undefined) throw new MissingPasswordHashError(ecu.chargePointId);
      return { id: ecu.chargePointId, passwordHash };
    }),
  );
  return {
    orgId: deployment.orgId,
    siteId: site.id,
    ocpp: {
      host: deployment.ocpp.host,
      port: deployment.ocpp.port,
      path: deployment.ocpp.path ?? '/ocpp',
      heartbeatIntervalS: deployment.ocpp.heartbeatIntervalS ?? 300,
      chargePoints,
      ...(deployment.authorization !== undefined && { authorization: deployment.authorization }),
      dataTransfer: { vendorIds: [...(deployment.dataTransferVendorIds ?? ['MENNEKES'])] },
    },
    mqtt: { url: deployment.mqtt.url, clientId: deployment.mqtt.clientId ?? `edge-${site.id}` },
    ...(deployment.journalDir !== undefined && { journal: { dir: deployment.journalDir } }),
    dlm: { networks: dlmNetworkSpecsOf(site, deployment) },
  };
}
