import { channelFilter, TopicChannel } from '@ampfleet/domain';
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { iotDataEndpointParameter } from './iot-endpoint';
import { CONSOLE_PORT } from './console-asset';

// The Next.js console on AWS: the standalone Next server in one Lambda behind the Lambda Web Adapter
// layer (the same `next start` server as locally, no framework-specific build adapter), served over
// HTTPS by CloudFront from the function URL. The URL is not IAM-signed (origin access control) because
// CloudFront OAC makes browsers sign POST bodies (x-amz-content-sha256), which tRPC mutations don't.

/** Lambda Web Adapter (awslabs), arm64 layer published in every commercial region. */
const WEB_ADAPTER_LAYER_ACCOUNT = '753240598075';
const WEB_ADAPTER_LAYER = 'LambdaAdapterLayerArm64:26';

export interface ConsoleProps {
  table: dynamodb.ITable;
  /** Directory with run.sh and the standalone server (see console-asset.ts). */
  assetDir: string;
  retainLogs: boolean;
  /** Sign-in: the user pool and the console's app client (identity.ts). */
  userPool: cognito.IUserPool;
  consoleClient: cognito.IUserPoolClient;
  /** Seals and opens configuration secrets on save and read (secrets-key.ts). */
  secretsKey: kms.IKey;
}

export class Console extends Construct {
  readonly function: lambda.Function;
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: ConsoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const iotDataEndpoint = iotDataEndpointParameter(this);

    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Execution role of the console',
    });
    logGroup.grantWrite(role);
    // Reads the fleet (table and its indexes), records commands and configurations on the table.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [
          'dynamodb:GetItem',
          'dynamodb:BatchGetItem',
          'dynamodb:Query',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
          'dynamodb:ConditionCheckItem',
        ],
        resources: [props.table.tableArn],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [`${props.table.tableArn}/index/*`],
      }),
    );
    // Org admins invite and remove people: the console administers the user pool (never reads passwords).
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [
          'cognito-idp:AdminCreateUser',
          'cognito-idp:AdminGetUser',
          'cognito-idp:AdminDeleteUser',
          'cognito-idp:AdminSetUserPassword',
        ],
        resources: [props.userPool.userPoolArn],
      }),
    );
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

    props.secretsKey.grantEncryptDecrypt(role);

    this.function = new lambda.Function(this, 'Server', {
      description: 'ampfleet console: Next.js standalone server behind the Lambda Web Adapter',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      code: lambda.Code.fromAsset(props.assetDir),
      handler: 'run.sh',
      layers: [
        lambda.LayerVersion.fromLayerVersionArn(
          this,
          'WebAdapter',
          `arn:aws:lambda:${stack.region}:${WEB_ADAPTER_LAYER_ACCOUNT}:layer:${WEB_ADAPTER_LAYER}`,
        ),
      ],
      memorySize: 1024,
      timeout: Duration.seconds(30),
      role,
      logGroup,
      environment: {
        AWS_LAMBDA_EXEC_WRAPPER: '/opt/bootstrap',
        AWS_LWA_PORT: String(CONSOLE_PORT),
        PORT: String(CONSOLE_PORT),
        HOSTNAME: '127.0.0.1',
        AMPFLEET_TABLE_NAME: props.table.tableName,
        AMPFLEET_COGNITO_USER_POOL_ID: props.userPool.userPoolId,
        AMPFLEET_COGNITO_CLIENT_ID: props.consoleClient.userPoolClientId,
        AMPFLEET_COGNITO_ISSUER: `https://cognito-idp.${stack.region}.amazonaws.com/${props.userPool.userPoolId}`,
        AMPFLEET_IOT_DATA_ENDPOINT: iotDataEndpoint.valueAsString,
        AMPFLEET_KMS_KEY_ID: props.secretsKey.keyArn,
        NODE_ENV: 'production',
      },
    });
    const url = this.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `ampfleet console (${stack.stackName})`,
      defaultBehavior: {
        origin: new origins.FunctionUrlOrigin(url),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        // Every page and tRPC call is dynamic and per organisation: nothing is cached at the edge.
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
    });
  }
}
