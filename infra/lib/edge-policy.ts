import { TOPIC_ROOT } from '@ampfleet/domain';

// The edge agent's AWS IoT policy document, as data: the CDK construct (iot.ts) fills it with IoT
// policy variables (one shared policy for every site, resolved per connection from the thing), and
// `ampfleet site provision` (services/cli) with one site's literal org and site (a policy per site
// box). One template, so the two can never drift apart. No CDK import here: the CLI loads this file.

export interface EdgePolicyStatement {
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface EdgePolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly EdgePolicyStatement[];
}

export interface EdgePolicyScope {
  /** The client id the agent connects with = the site's thing name (AWS IoT: `client/<id>`). */
  readonly thingName: string;
  readonly orgId: string;
  readonly siteId: string;
  /** `iot` ARN of a resource, e.g. arn:aws:iot:eu-central-1:123456789012:topic/<name>. */
  readonly iotArn: (resource: 'client' | 'topic' | 'topicfilter', name: string) => string;
}

/** IoT policy variables, substituted by AWS IoT per connection (not CloudFormation). */
export const THING_NAME_VARIABLE = '${iot:Connection.Thing.ThingName}';
export const THING_ORG_VARIABLE = '${iot:Connection.Thing.Attributes[orgId]}';

/**
 * Connect only as the site's own thing (attached to the certificate); publish, receive and subscribe
 * only under TOPIC_ROOT/<org>/<site>/ — which is why ingest trusts the topic for tenant and site.
 */
export function edgeAgentPolicyDocument(scope: EdgePolicyScope): EdgePolicyDocument {
  const siteTopics = `${TOPIC_ROOT}/${scope.orgId}/${scope.siteId}/*`;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['iot:Connect'],
        Resource: [scope.iotArn('client', scope.thingName)],
        Condition: { Bool: { 'iot:Connection.Thing.IsAttached': 'true' } },
      },
      {
        Effect: 'Allow',
        Action: ['iot:Publish', 'iot:Receive'],
        Resource: [scope.iotArn('topic', siteTopics)],
      },
      { Effect: 'Allow', Action: ['iot:Subscribe'], Resource: [scope.iotArn('topicfilter', siteTopics)] },
    ],
  };
}

/** One site's policy with literal ARNs (no policy variables): what `ampfleet site provision` creates. */
export function sitePolicyDocument(site: {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly orgId: string;
  readonly siteId: string;
  readonly thingName: string;
}): EdgePolicyDocument {
  return edgeAgentPolicyDocument({
    thingName: site.thingName,
    orgId: site.orgId,
    siteId: site.siteId,
    iotArn: (resource, name) =>
      `arn:${site.partition}:iot:${site.region}:${site.account}:${resource}/${name}`,
  });
}
