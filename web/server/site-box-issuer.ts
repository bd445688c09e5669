import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  awsSiteBoxIssuer,
  localSiteBoxIssuer,
  readEdgeUnitTemplate,
  readPemCertificate,
} from '@ampfleet/adapters/edge-provisioning';
import type { SiteBoxDeps } from '@ampfleet/app';
import { serverEnv } from './env';

// What sites.provision issues a site box's MQTT identity with, chosen like the command path
// (publisher.ts): in AWS (AMPFLEET_IOT_DATA_ENDPOINT + AWS_REGION) an IoT thing, certificate and policy,
// with AMPFLEET_IOT_ROOT_CA_FILE as the bundle's CA; locally a certificate from the local CA for the
// broker at AMPFLEET_EDGE_MQTT_URL (default AMPFLEET_MQTT_URL). Next runs with web/ as its working
// directory (next.config.ts), tests with the repository's: the repository is whichever holds edge-agent/.

export class ProvisioningUnavailableError extends Error {
  override readonly name = 'ProvisioningUnavailableError';
}

const UNIT = 'edge-agent/deploy/ampfleet-edge.service';
const repoRoot = () =>
  [process.cwd(), path.resolve(process.cwd(), '..')].find((dir) => existsSync(path.join(dir, UNIT))) ??
  path.resolve(process.cwd(), '..');

export async function siteBoxDeps(): Promise<SiteBoxDeps> {
  const env = serverEnv();
  const unitTemplate = await readEdgeUnitTemplate(path.join(repoRoot(), UNIT));
  if (env.AMPFLEET_IOT_DATA_ENDPOINT && env.AWS_REGION) {
    if (!env.AMPFLEET_IOT_ROOT_CA_FILE)
      throw new ProvisioningUnavailableError(
        "site provisioning needs AMPFLEET_IOT_ROOT_CA_FILE: the CA of AWS IoT's endpoint (AmazonRootCA1.pem)",
      );
    const rootCaPem = await readPemCertificate(env.AMPFLEET_IOT_ROOT_CA_FILE);
    return { issuer: awsSiteBoxIssuer({ region: env.AWS_REGION, rootCaPem }), unitTemplate };
  }
  const mqttUrl = env.AMPFLEET_EDGE_MQTT_URL ?? env.AMPFLEET_MQTT_URL?.replace(/\/+$/, '');
  if (!mqttUrl)
    throw new ProvisioningUnavailableError(
      'site provisioning needs a broker: set AMPFLEET_EDGE_MQTT_URL (or AMPFLEET_MQTT_URL) locally, or AMPFLEET_IOT_DATA_ENDPOINT and AWS_REGION in AWS',
    );
  const caDir = env.AMPFLEET_LOCAL_CA_DIR ?? path.join(repoRoot(), '.ampfleet-local-ca');
  return { issuer: localSiteBoxIssuer({ caDir, mqttUrl }), unitTemplate };
}
