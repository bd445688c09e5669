import { IOT_SQL_VERSION, iotRules, ruleSql } from '@ampfleet/domain';
import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as iot from 'aws-cdk-lib/aws-iot';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { edgeAgentPolicyDocument, THING_NAME_VARIABLE, THING_ORG_VARIABLE } from './edge-policy';
import type { HandlerQueues } from './queues';

// AWS IoT Core: one topic rule per entry of the shared rules list (the local router subscribes to the
// same list), sending the rule event to its handler's queue, and the policy every site's edge agent
// connects with.

export interface IotRulesProps {
  queues: HandlerQueues;
  retainLogs: boolean;
}

export class IotRules extends Construct {
  readonly topicRules: iot.CfnTopicRule[] = [];

  constructor(scope: Construct, id: string, props: IotRulesProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // Failed rule actions (e.g. SQS throttled) would otherwise vanish: log them.
    const errorLogs = new logs.LogGroup(this, 'RuleErrors', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const errorRole = new iam.Role(this, 'RuleErrorsRole', {
      assumedBy: new iam.ServicePrincipal('iot.amazonaws.com', { conditions: sameAccount(stack) }),
      description: 'Lets AWS IoT rules write action failures to their error log group',
    });
    errorLogs.grantWrite(errorRole);
    errorLogs.grant(errorRole, 'logs:DescribeLogStreams');

    for (const rule of iotRules) {
      const { queue } = props.queues.forHandler(rule.handlerModule);
      const sendRole = new iam.Role(this, `${rule.ruleName}-role`, {
        assumedBy: new iam.ServicePrincipal('iot.amazonaws.com', { conditions: sameAccount(stack) }),
        description: `Lets the IoT rule ${rule.ruleName} send its events to the handler queue`,
      });
      queue.grantSendMessages(sendRole);
      const topicRule = new iot.CfnTopicRule(this, rule.ruleName, {
        // Topics are not stage-scoped: one stage per account/region, so the contract's name is kept as is.
        ruleName: rule.ruleName,
        topicRulePayload: {
          description: rule.description,
          sql: ruleSql(rule),
          awsIotSqlVersion: IOT_SQL_VERSION,
          ruleDisabled: false,
          // The rule event (SELECT result, JSON) is the message body; the broker's ack is now durable.
          actions: [{ sqs: { queueUrl: queue.queueUrl, roleArn: sendRole.roleArn, useBase64: false } }],
          errorAction: {
            cloudwatchLogs: { logGroupName: errorLogs.logGroupName, roleArn: errorRole.roleArn },
          },
        },
      });
      this.topicRules.push(topicRule);
    }
  }
}

function sameAccount(stack: Stack): Record<string, unknown> {
  return { StringEquals: { 'aws:SourceAccount': stack.account } };
}

export interface EdgeAgentPolicyProps {
  policyName: string;
}

/**
 * The policy attached to each site's certificate. The site's thing name is its siteId and the thing
 * carries an `orgId` attribute, so an agent can only connect as its own site and only touch topics
 * under TOPIC_ROOT/<its org>/<its site>/ — which is why ingest trusts the topic for tenant and site.
 * The document is edge-policy.ts's template with IoT policy variables (`ampfleet site provision`
 * fills the same template with one site's literal values).
 */
export class EdgeAgentPolicy extends Construct {
  readonly policy: iot.CfnPolicy;

  constructor(scope: Construct, id: string, props: EdgeAgentPolicyProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const policyDocument = edgeAgentPolicyDocument({
      thingName: THING_NAME_VARIABLE,
      orgId: THING_ORG_VARIABLE,
      siteId: THING_NAME_VARIABLE,
      iotArn: (resource, resourceName) =>
        stack.formatArn({ service: 'iot', resource, resourceName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }),
    });
    this.policy = new iot.CfnPolicy(this, 'Policy', { policyName: props.policyName, policyDocument });
  }
}
