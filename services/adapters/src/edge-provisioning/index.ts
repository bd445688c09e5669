import { readFile } from 'node:fs/promises';
import { provisionAwsSite } from './aws-iot';
import { ProvisioningError } from './errors';
import { createClientCert, localCa } from './local-ca';

// Who issues a site box's MQTT identity (the port SiteBoxIssuer of @ampfleet/app's provisionSiteBox):
// in AWS, an IoT thing, an active certificate and a policy scoped to the site's topics (aws-iot.ts);
// locally, a client certificate for the site from a local CA kept in a directory (local-ca.ts). The
// key is returned once, to go into the bundle; neither issuer keeps it.

export { ProvisioningError } from './errors';
export { policyNameOf, provisionAwsSite, type AwsSiteCredentials } from './aws-iot';
export { createCa, createClientCert, localCa, type PemPair } from './local-ca';

export interface IssuedSiteBoxCredentials {
  readonly mode: 'local' | 'aws';
  readonly mqttUrl: string;
  readonly clientId: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** The CA the box verifies the broker with. */
  readonly caPem: string;
  /** What was created, for the caller's summary (thing, policy, certificate ARN); never a secret. */
  readonly details: Readonly<Record<string, string>>;
}

export interface SiteBoxIssuerOf {
  readonly mode: 'local' | 'aws';
  issue(orgId: string, siteId: string, now: Date): Promise<IssuedSiteBoxCredentials>;
}

/** Locally: a client certificate (CN = site id) from the local CA in `caDir` (created on first use). */
export function localSiteBoxIssuer(options: { caDir: string; mqttUrl: string }): SiteBoxIssuerOf {
  return {
    mode: 'local',
    async issue(_orgId, siteId, now) {
      const ca = await localCa(options.caDir, now).catch((err: Error) => {
        throw new ProvisioningError(`local CA ${options.caDir}: ${err.message}`);
      });
      const cert = await createClientCert(ca, siteId, now);
      return {
        mode: 'local',
        mqttUrl: options.mqttUrl,
        clientId: siteId,
        certPem: cert.certPem,
        keyPem: cert.keyPem,
        caPem: ca.certPem,
        details: {},
      };
    },
  };
}

/** In AWS: the site's IoT thing, a new certificate (a rotation when one exists) and its policy. */
export function awsSiteBoxIssuer(options: {
  region: string;
  /** The CA AWS IoT's endpoint is verified with (AmazonRootCA1.pem). */
  rootCaPem: string;
  endpoint?: string;
}): SiteBoxIssuerOf {
  return {
    mode: 'aws',
    async issue(orgId, siteId) {
      const aws = await provisionAwsSite({
        orgId,
        siteId,
        region: options.region,
        ...(options.endpoint && { endpoint: options.endpoint }),
      });
      return {
        mode: 'aws',
        mqttUrl: aws.mqttUrl,
        clientId: aws.thingName,
        certPem: aws.certificatePem,
        keyPem: aws.privateKeyPem,
        caPem: options.rootCaPem,
        details: { thingName: aws.thingName, policyName: aws.policyName, certificateArn: aws.certificateArn },
      };
    },
  };
}

/** Reads a PEM CA file (the AWS root CA), or fails naming it. */
export async function readPemCertificate(file: string): Promise<string> {
  const pem = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new ProvisioningError(`cannot read ${file}: ${err.code ?? err.message}`);
  });
  if (!pem.includes('-----BEGIN CERTIFICATE-----'))
    throw new ProvisioningError(`${file} is not a PEM certificate`);
  return pem;
}

/** edge-agent/deploy/ampfleet-edge.service, the bundle's systemd unit; `file` where a bundler moved sources. */
export async function readEdgeUnitTemplate(file?: string): Promise<string> {
  const unit =
    file ?? new URL('../../../../edge-agent/deploy/ampfleet-edge.service', import.meta.url).pathname;
  return readFile(unit, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new ProvisioningError(`the edge agent's systemd unit ${unit}: ${err.code ?? err.message}`);
  });
}
