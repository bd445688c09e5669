import { handlerRegistry, QUEUE_HANDLER_EXPORT, type HandlerRegistration } from '@ampfleet/domain';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { bundleHandler } from './bundle';

// The one place a handler file becomes a Lambda: one per entry of the handler registry
// (services/functions/src/<handlerModule>.ts, bundled by esbuild), granted exactly the table actions
// it performs and nothing else. Its trigger (queues.ts) decides the export Lambda runs.

interface FunctionSpec {
  description: string;
  memorySizeMiB: number;
  timeoutSeconds: number;
  /** IAM actions on the fleet table itself (never its indexes, never '*'). */
  tableActions: readonly string[];
}

export const functionSpecs: Readonly<Record<string, FunctionSpec>> = {
  'ingest-telemetry': {
    description:
      'IoT rule → SQS: edge-agent telemetry into the fleet table (idempotent, one transaction per message)',
    memorySizeMiB: 512,
    timeoutSeconds: 10,
    // One TransactWriteItems per message; IAM authorizes its parts: Put (dedup marker), Update (guarded
    // state), ConditionCheck. There is no separate dynamodb:TransactWriteItems IAM action.
    tableActions: ['dynamodb:ConditionCheckItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  },
  'load-twin': {
    description:
      'IoT rule (dlmState) → SQS: the allocation twin per site — predicted offers, gaps, findings (one conditional put)',
    memorySizeMiB: 512,
    timeoutSeconds: 10,
    // Reads the twin item and the desired configuration (GetItem), the DLM items (Query); writes the twin item.
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
  },
};

export interface FunctionsProps {
  table: dynamodb.ITable;
  retainLogs: boolean;
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
        NODE_OPTIONS: '--enable-source-maps',
      },
    });
  }
}

/** The export Lambda runs for a trigger: queue-fed modules run their SQS batch entry. */
function lambdaExport(trigger: HandlerRegistration['trigger']): string {
  switch (trigger.kind) {
    case 'iotRule':
      return QUEUE_HANDLER_EXPORT;
  }
}
