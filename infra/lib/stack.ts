import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Console } from './console';
import { Functions } from './functions';
import { Identity } from './identity';
import { EdgeAgentPolicy, IotRules } from './iot';
import { HandlerQueues } from './queues';
import { SecretsKey } from './secrets-key';
import { Schedules } from './schedules';
import { Storage } from './storage';
import { StreamHandlers } from './streams';

// One stack per stage, composed from one construct per concern. Environment-agnostic: synthesizes
// without credentials; the account and region come from the deploy.

export interface AmpfleetStackProps extends StackProps {
  stage: string;
  /** Root of the bundled Lambda asset directories; defaults to infra/.build. */
  buildDir?: string;
  /** The console's prepared asset directory (run.sh + Next standalone server; see console-asset.ts). */
  consoleAssetDir: string;
}

const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;

export class AmpfleetStack extends Stack {
  readonly storage: Storage;
  readonly functions: Functions;
  readonly queues: HandlerQueues;
  readonly secretsKey: SecretsKey;
  readonly streams: StreamHandlers;
  readonly iotRules: IotRules;
  readonly edgeAgentPolicy: EdgeAgentPolicy;
  readonly identity: Identity;
  readonly console: Console;

  constructor(scope: Construct, id: string, props: AmpfleetStackProps) {
    const { stage, buildDir, consoleAssetDir, ...stackProps } = props;
    if (!STAGE_PATTERN.test(stage)) {
      throw new Error(`invalid stage '${stage}': lower-case letters, digits and '-', starting with a letter`);
    }
    const isProd = stage === 'prod';
    super(scope, id, {
      description: `ampfleet (${stage}): fleet table, handler queues and functions, IoT rules, edge-agent policy, console`,
      terminationProtection: isProd,
      ...stackProps,
    });

    this.storage = new Storage(this, 'Storage', { stage, retainData: isProd });
    this.secretsKey = new SecretsKey(this, 'Secrets', { retain: isProd });
    this.functions = new Functions(this, 'Functions', {
      table: this.storage.table,
      secretsKey: this.secretsKey.key,
      retainLogs: isProd,
      ...(buildDir === undefined ? {} : { buildDir }),
    });
    this.queues = new HandlerQueues(this, 'Queues', { functions: this.functions });
    this.streams = new StreamHandlers(this, 'Streams', {
      functions: this.functions,
      table: this.storage.table,
    });
    new Schedules(this, 'Schedules', { functions: this.functions });
    this.iotRules = new IotRules(this, 'IotRules', { queues: this.queues, retainLogs: isProd });
    this.edgeAgentPolicy = new EdgeAgentPolicy(this, 'EdgeAgent', { policyName: `${id}-edge-agent` });

    this.identity = new Identity(this, 'Identity', { retainUsers: isProd });
    this.console = new Console(this, 'Console', {
      userPool: this.identity.userPool,
      consoleClient: this.identity.consoleClient,
      table: this.storage.table,
      secretsKey: this.secretsKey.key,
      assetDir: consoleAssetDir,
      retainLogs: isProd,
    });

    new CfnOutput(this, 'TableName', { value: this.storage.table.tableName });
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
    new CfnOutput(this, 'ConsoleUrl', {
      value: `https://${this.console.distribution.distributionDomainName}`,
    });
    new CfnOutput(this, 'EdgeAgentPolicyName', {
      value: this.edgeAgentPolicy.policy.ref,
      description: 'Attach to each site certificate; the site thing is named by siteId with attribute orgId',
    });
  }
}
