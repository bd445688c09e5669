import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Functions } from './functions';
import { EdgeAgentPolicy, IotRules } from './iot';
import { Storage } from './storage';

// One stack per stage, composed from one construct per concern. Environment-agnostic: synthesizes
// without credentials; the account and region come from the deploy.

export interface AmpfleetStackProps extends StackProps {
  stage: string;
  /** Root of the bundled Lambda asset directories; defaults to infra/.build. */
  buildDir?: string;
}

const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;

export class AmpfleetStack extends Stack {
  readonly storage: Storage;
  readonly functions: Functions;
  readonly iotRules: IotRules;
  readonly edgeAgentPolicy: EdgeAgentPolicy;

  constructor(scope: Construct, id: string, props: AmpfleetStackProps) {
    const { stage, buildDir, ...stackProps } = props;
    if (!STAGE_PATTERN.test(stage)) {
      throw new Error(`invalid stage '${stage}': lower-case letters, digits and '-', starting with a letter`);
    }
    const isProd = stage === 'prod';
    super(scope, id, {
      description: `ampfleet (${stage}): fleet table, ingest functions, IoT rules and edge-agent policy`,
      terminationProtection: isProd,
      ...stackProps,
    });

    this.storage = new Storage(this, 'Storage', { stage, retainData: isProd });
    this.functions = new Functions(this, 'Functions', {
      table: this.storage.table,
      retainLogs: isProd,
      ...(buildDir === undefined ? {} : { buildDir }),
    });
    this.iotRules = new IotRules(this, 'IotRules', { functions: this.functions, retainLogs: isProd });
    this.edgeAgentPolicy = new EdgeAgentPolicy(this, 'EdgeAgent', { policyName: `${id}-edge-agent` });

    new CfnOutput(this, 'TableName', { value: this.storage.table.tableName });
    new CfnOutput(this, 'EdgeAgentPolicyName', {
      value: this.edgeAgentPolicy.policy.ref,
      description: 'Attach to each site certificate; the site thing is named by siteId with attribute orgId',
    });
  }
}
