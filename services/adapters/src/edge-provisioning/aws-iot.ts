import {
  AttachPolicyCommand,
  AttachThingPrincipalCommand,
  CreateKeysAndCertificateCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateThingCommand,
  DescribeEndpointCommand,
  IoTClient,
  ResourceAlreadyExistsException,
} from '@aws-sdk/client-iot';
import { sitePolicyDocument } from '@ampfleet/infra/edge-policy';
import { ProvisioningError } from './errors';

// The AWS side of provisioning a site box (`ampfleet site provision`, the console's sites.provision): the site's IoT thing (named by the site id, attribute
// orgId — what the shared policy of infra/lib/iot.ts expects too), an active certificate with its key,
// and a policy of its own made from the same template with the site's literal org and site, attached
// to the certificate; the certificate is attached to the thing. Re-running for the same site reuses
// the thing and the policy (a new policy version) and issues a new certificate: that is a rotation.

export interface AwsSiteCredentials {
  readonly thingName: string;
  readonly policyName: string;
  readonly certificateArn: string;
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  /** mqtts://<account>-ats.iot.<region>.amazonaws.com:8883 */
  readonly mqttUrl: string;
}

export interface AwsProvisionInput {
  readonly orgId: string;
  readonly siteId: string;
  readonly region: string;
  /** The IoT control plane's endpoint; only to point the SDK elsewhere (tests: 127.0.0.1). */
  readonly endpoint?: string;
}

const THING_ARN = /^arn:([a-z-]+):iot:([a-z0-9-]+):(\d{12}):thing\/.+$/;

export const policyNameOf = (orgId: string, siteId: string): string =>
  `ampfleet-edge-${orgId}-${siteId}`.replace(/[^\w+=,.@-]/g, '_');

export async function provisionAwsSite(input: AwsProvisionInput): Promise<AwsSiteCredentials> {
  const iot = new IoTClient({ region: input.region, ...(input.endpoint && { endpoint: input.endpoint }) });
  try {
    // First what creates nothing, so a missing permission or region fails before anything exists.
    const { endpointAddress } = await iot.send(new DescribeEndpointCommand({ endpointType: 'iot:Data-ATS' }));
    if (!endpointAddress) throw new ProvisioningError('AWS IoT returned no iot:Data-ATS endpoint');
    const thingName = input.siteId;
    const thing = await iot.send(
      new CreateThingCommand({ thingName, attributePayload: { attributes: { orgId: input.orgId } } }),
    );
    const arn = THING_ARN.exec(thing.thingArn ?? '');
    if (!arn)
      throw new ProvisioningError(`AWS IoT returned an unexpected thing ARN '${thing.thingArn ?? ''}'`);
    const [, partition = 'aws', region = input.region, account = ''] = arn;
    const policyName = policyNameOf(input.orgId, input.siteId);
    const policyDocument = JSON.stringify(
      sitePolicyDocument({ partition, region, account, orgId: input.orgId, siteId: input.siteId, thingName }),
    );
    try {
      await iot.send(new CreatePolicyCommand({ policyName, policyDocument }));
    } catch (err) {
      if (!(err instanceof ResourceAlreadyExistsException)) throw err;
      await iot.send(new CreatePolicyVersionCommand({ policyName, policyDocument, setAsDefault: true }));
    }
    const cert = await iot.send(new CreateKeysAndCertificateCommand({ setAsActive: true }));
    if (!cert.certificateArn || !cert.certificatePem || !cert.keyPair?.PrivateKey)
      throw new ProvisioningError('AWS IoT returned no certificate or key');
    await iot.send(new AttachPolicyCommand({ policyName, target: cert.certificateArn }));
    await iot.send(new AttachThingPrincipalCommand({ thingName, principal: cert.certificateArn }));
    return {
      thingName,
      policyName,
      certificateArn: cert.certificateArn,
      certificatePem: cert.certificatePem,
      privateKeyPem: cert.keyPair.PrivateKey,
      mqttUrl: `mqtts://${endpointAddress}:8883`,
    };
  } catch (err) {
    if (err instanceof ProvisioningError) throw err;
    throw new ProvisioningError(`AWS IoT: ${(err as Error).name}: ${(err as Error).message}`);
  } finally {
    iot.destroy();
  }
}
