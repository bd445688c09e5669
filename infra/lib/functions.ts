import {
  channelFilter,
  handlerRegistry,
  QUEUE_HANDLER_EXPORT,
  STREAM_HANDLER_EXPORT,
  TopicChannel,
  type HandlerRegistration,
} from '@ampfleet/domain';
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { bundleHandler } from './bundle';
import { iotDataEndpointParameter } from './iot-endpoint';

// The one place a handler file becomes a Lambda: one per entry of the handler registry
// (services/functions/src/<handlerModule>.ts, bundled by esbuild), granted exactly the table actions
// it performs and nothing else. Its trigger (queues.ts) decides the export Lambda runs.

interface FunctionSpec {
  description: string;
  memorySizeMiB: number;
  timeoutSeconds: number;
  /** IAM actions on the fleet table itself (never its indexes, never '*'). */
  tableActions: readonly string[];
  /** Opens sealed configuration secrets (kms:Decrypt on the secrets key only). */
  decryptsSecrets?: boolean;
  /** Saves desired configurations, so seals their secrets too (kms:Encrypt + Decrypt on that key). */
  sealsSecrets?: boolean;
  /** Publishes commands to the sites' commands topics (IoT data plane). */
  publishesCommands?: boolean;
}

export const functionSpecs: Readonly<Record<string, FunctionSpec>> = {
  'advance-rollouts': {
    description:
      'Schedule: advances bulk rollouts (saves versions, sends commands, collects per-ECU results)',
    memorySizeMiB: 512,
    timeoutSeconds: 50,
    // Reads rollouts, heads, commands; conditional puts/updates (versions, commands, site states); the
    // save's and the command's transactions (Put + ConditionCheck); retiring a finished rollout (Delete).
    tableActions: [
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:ConditionCheckItem',
    ],
    publishesCommands: true,
    sealsSecrets: true,
  },
  'ingest-telemetry': {
    description:
      'IoT rule → SQS: edge-agent telemetry into the fleet table (idempotent, one transaction per message)',
    memorySizeMiB: 512,
    timeoutSeconds: 10,
    // One TransactWriteItems per message; IAM authorizes its parts: Put (dedup marker), Update (guarded
    // state), ConditionCheck. There is no separate dynamodb:TransactWriteItems IAM action.
    tableActions: ['dynamodb:ConditionCheckItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  },
  'audit-drift': {
    description:
      'Table stream: on a change of a site’s desired or reported configuration, store its audit and drift and update the roll-up',
    memorySizeMiB: 512,
    timeoutSeconds: 30,
    // Reads the head, the reported snapshots and the stored result; writes the result and ADDs to the
    // roll-up in one transaction (Put + Update). Its audit reads secrets (a rule checks one is set).
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    decryptsSecrets: true,
  },
  'load-control': {
    description:
      'Every minute: per site the operator limits and charging profiles of the load controller, sent as commands when they change',
    memorySizeMiB: 512,
    timeoutSeconds: 50,
    // Reads settings, configuration, DLM states, commanded limits (Get/Query); stores command records (Put)
    // and the commanded limits (Put).
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
    publishesCommands: true,
    // Reads the desired configuration (its secrets are opened with it).
    decryptsSecrets: true,
  },
  'load-twin': {
    description:
      'IoT rule (dlmState) → SQS: the allocation twin per site — predicted offers, gaps, findings (one conditional put)',
    memorySizeMiB: 512,
    timeoutSeconds: 10,
    // Reads the twin item and the desired configuration (GetItem), the DLM items (Query); writes the twin item.
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
    // Reads the desired configuration (its secrets are opened with it).
    decryptsSecrets: true,
  },
};

export interface FunctionsProps {
  table: dynamodb.ITable;
  retainLogs: boolean;
  /** The KMS key sealing configuration secrets (secrets-key.ts). */
  secretsKey: kms.IKey;
  /** Root of the bundled asset directories; defaults to infra/.build. */
  buildDir?: string;
}

export class Functions extends Construct {
  private readonly byHandlerModule = new Map<string, lambda.Function>();

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    for (const registration of handlerRegistry) {
      const spec = functionSpecs[registration.handlerModule];
      if (!spec) {
        throw new Error(
          `handler module '${registration.handlerModule}' is in the handler registry but has no entry in functionSpecs (infra/lib/functions.ts)`,
        );
      }
      this.byHandlerModule.set(registration.handlerModule, this.createFunction(registration, spec, props));
    }
  }

  /** The function running services/functions/src/<handlerModule>.ts. */
  forHandler(handlerModule: string): lambda.Function {
    const fn = this.byHandlerModule.get(handlerModule);
    if (!fn) {
      throw new Error(
        `no function for handler module '${handlerModule}': add it to functionSpecs in infra/lib/functions.ts`,
      );
    }
    return fn;
  }

  private createFunction(
    { handlerModule, trigger }: HandlerRegistration,
    spec: FunctionSpec,
    props: FunctionsProps,
  ): lambda.Function {
    const bundle = bundleHandler(handlerModule, props.buildDir);
    const logGroup = new logs.LogGroup(this, `${handlerModule}-logs`, {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // An explicit role instead of AWSLambdaBasicExecutionRole, whose log permissions cover every log group.
    const role = new iam.Role(this, `${handlerModule}-role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${handlerModule}`,
    });
    logGroup.grantWrite(role);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [...spec.tableActions], resources: [props.table.tableArn] }),
    );

    if (spec.sealsSecrets) props.secretsKey.grantEncryptDecrypt(role);
    else if (spec.decryptsSecrets) props.secretsKey.grantDecrypt(role);
    const commandEnvironment: Record<string, string> = {};
    if (spec.publishesCommands) {
      const stack = Stack.of(this);
      // Commands go out on each site's commands topic (MQTT '+' is IAM '*').
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['iot:Publish'],
          resources: [
            stack.formatArn({
              service: 'iot',
              resource: 'topic',
              resourceName: channelFilter(TopicChannel.commands).replaceAll('+', '*'),
              arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
            }),
          ],
        }),
      );
      commandEnvironment.AMPFLEET_IOT_DATA_ENDPOINT = iotDataEndpointParameter(this).valueAsString;
    }

    return new lambda.Function(this, handlerModule, {
      description: spec.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      code: lambda.Code.fromAsset(bundle.assetDir),
      handler: `${handlerModule}.${lambdaExport(trigger)}`,
      memorySize: spec.memorySizeMiB,
      timeout: Duration.seconds(spec.timeoutSeconds),
      role,
      logGroup,
      environment: {
        AMPFLEET_TABLE_NAME: props.table.tableName,
        ...((spec.decryptsSecrets || spec.sealsSecrets) && { AMPFLEET_KMS_KEY_ID: props.secretsKey.keyArn }),
        NODE_OPTIONS: '--enable-source-maps',
        ...commandEnvironment,
      },
    });
  }
}

/** The export Lambda runs for a trigger: queue-fed modules run their SQS batch entry. */
function lambdaExport(trigger: HandlerRegistration['trigger']): string {
  switch (trigger.kind) {
    case 'iotRule':
      return QUEUE_HANDLER_EXPORT;
    case 'tableStream':
      return STREAM_HANDLER_EXPORT;
    case 'schedule':
      return 'handler';
  }
}
