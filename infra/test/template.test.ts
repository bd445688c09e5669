import {
  handlerRegistry,
  scheduledHandlers,
  IOT_SQL_VERSION,
  iotRules,
  QUEUE_HANDLER_EXPORT,
  STREAM_HANDLER_EXPORT,
  queueDelivery,
  ruleSql,
  siteTopic,
  tableKeySchema,
  tableName,
  TOPIC_ROOT,
  TopicChannel,
  type IotRuleSpec,
} from '@ampfleet/domain';
import { App, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmpfleetStack, CONSOLE_PORT, prepareConsoleAsset } from '../lib/index';

// Synthesizes the app in-process (offline, env-agnostic) and checks the template against the shared
// contracts imported from @ampfleet/domain: every expected value below comes from the contract, so a
// value copied into infra would make these tests fail as soon as the contract changes.

interface CfnResource {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}
interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

const STAGE = 'test';
let workDir: string;
let outdir: string;
let template: Template;
let prodTemplate: Template;
let stack: AmpfleetStack;

beforeAll(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'ampfleet-infra-'));
  outdir = path.join(workDir, 'cdk.out');
  const app = new App({ outdir });
  // A private build dir: a concurrent `npm run synth` may be rewriting infra/.build.
  const buildDir = path.join(workDir, 'build');
  // No Next build in a unit test: the console asset is the placeholder (its shape is what is deployed).
  const { assetDir: consoleAssetDir } = prepareConsoleAsset(buildDir, path.join(workDir, 'no-standalone'));
  stack = new AmpfleetStack(app, `ampfleet-${STAGE}`, { stage: STAGE, buildDir, consoleAssetDir });
  const prod = new AmpfleetStack(app, 'ampfleet-prod', { stage: 'prod', buildDir, consoleAssetDir });
  app.synth();
  template = Template.fromStack(stack);
  prodTemplate = Template.fromStack(prod);
}, 120_000);

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

function resources(t: Template, type: string): [string, CfnResource][] {
  return Object.entries(t.findResources(type) as Record<string, CfnResource>);
}

function onlyResource(t: Template, type: string): [string, CfnResource] {
  const found = resources(t, type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
}

const getAtt = (logicalId: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [logicalId, attribute] });

/** Renders an Fn::Join of strings and Refs as one string, Refs as ${Name}. */
function joined(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) return join[1].map(joined).join(join[0]);
  const ref = (value as { Ref?: string }).Ref;
  if (ref) return '${' + ref + '}';
  throw new Error(`cannot render ${JSON.stringify(value)}`);
}

function functionFor(rule: IotRuleSpec): [string, CfnResource] {
  const matching = resources(template, 'AWS::Lambda::Function').filter(
    ([, fn]) => fn.Properties.Handler === `${rule.handlerModule}.${QUEUE_HANDLER_EXPORT}`,
  );
  expect(matching, `function for ${rule.handlerModule}`).toHaveLength(1);
  return matching[0]!;
}

/** The queue feeding a rule's handler function (the event source of its mapping). */
function queueFor(rule: IotRuleSpec): [string, CfnResource] {
  const [fnId] = functionFor(rule);
  const mapping = resources(template, 'AWS::Lambda::EventSourceMapping').find(
    ([, m]) => JSON.stringify(m.Properties.FunctionName) === JSON.stringify({ Ref: fnId }),
  );
  expect(mapping, `event source mapping of ${rule.handlerModule}`).toBeDefined();
  const queueId = (mapping![1].Properties.EventSourceArn as { 'Fn::GetAtt': [string, string] })[
    'Fn::GetAtt'
  ][0];
  const queue = resources(template, 'AWS::SQS::Queue').find(([id]) => id === queueId);
  expect(queue, `queue of ${rule.handlerModule}`).toBeDefined();
  return queue!;
}

function streamFunctionFor(handlerModule: string): [string, CfnResource] {
  const matching = resources(template, 'AWS::Lambda::Function').filter(
    ([, fn]) => fn.Properties.Handler === `${handlerModule}.${STREAM_HANDLER_EXPORT}`,
  );
  expect(matching, `function for ${handlerModule}`).toHaveLength(1);
  return matching[0]!;
}

function tableLogicalId(): string {
  return onlyResource(template, 'AWS::DynamoDB::Table')[0];
}

describe('fleet table', () => {
  it('has the key schema, indexes and TTL of the shared contract', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: tableName(STAGE),
      KeySchema: [
        { AttributeName: tableKeySchema.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableKeySchema.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: tableKeySchema.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: index.projection },
      })),
      TimeToLiveSpecification: { AttributeName: tableKeySchema.ttlAttribute, Enabled: true },
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('defines exactly the contract key attributes, all strings', () => {
    const [, table] = onlyResource(template, 'AWS::DynamoDB::Table');
    const keyAttributes = new Set<string>([
      tableKeySchema.partitionKey,
      tableKeySchema.sortKey,
      ...tableKeySchema.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
    ]);
    const definitions = table.Properties.AttributeDefinitions as {
      AttributeName: string;
      AttributeType: string;
    }[];
    expect(new Set(definitions.map((d) => d.AttributeName))).toEqual(keyAttributes);
    expect(definitions.every((d) => d.AttributeType === 'S')).toBe(true);
  });

  it('is retained in prod and destroyed with other stages', () => {
    const [, table] = onlyResource(template, 'AWS::DynamoDB::Table');
    expect(table.DeletionPolicy).toBe('Delete');
    const [, prodTable] = onlyResource(prodTemplate, 'AWS::DynamoDB::Table');
    expect(prodTable.DeletionPolicy).toBe('Retain');
    expect(prodTable.UpdateReplacePolicy).toBe('Retain');
    expect(prodTable.Properties.TableName).toBe(tableName('prod'));
  });
});

describe('functions', () => {
  it.each(iotRules.map((rule) => [rule.handlerModule, rule] as const))(
    '%s runs its handler file on nodejs22.x arm64 with the table name in its environment',
    (_name, rule) => {
      const [, fn] = functionFor(rule);
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables.AMPFLEET_TABLE_NAME).toEqual({ Ref: tableLogicalId() });
      // Lambda sets AWS_REGION itself and refuses functions that try to.
      expect(variables).not.toHaveProperty('AWS_REGION');
    },
  );

  it.each(iotRules.map((rule) => [rule.handlerModule, rule] as const))(
    '%s is fed by its own queue, reporting failed items, and keeps no async dead-letter config',
    (_name, rule) => {
      const [fnId, fn] = functionFor(rule);
      expect(fn.Properties.DeadLetterConfig).toBeUndefined();
      const [queueId] = queueFor(rule);
      const mappings = resources(template, 'AWS::Lambda::EventSourceMapping').filter(
        ([, m]) => JSON.stringify(m.Properties.FunctionName) === JSON.stringify({ Ref: fnId }),
      );
      expect(mappings.map(([, m]) => m.Properties)).toEqual([
        {
          FunctionName: { Ref: fnId },
          EventSourceArn: getAtt(queueId),
          BatchSize: queueDelivery.batchSize,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
        },
      ]);
    },
  );

  it.each(iotRules.map((rule) => [rule.handlerModule, rule] as const))(
    "%s's queue hands a message to its own dead-letter queue after maxReceiveCount receives",
    (_name, rule) => {
      const [, fn] = functionFor(rule);
      const [, queue] = queueFor(rule);
      const dlqId = (queue.Properties.RedrivePolicy as { deadLetterTargetArn: { 'Fn::GetAtt': [string] } })
        .deadLetterTargetArn['Fn::GetAtt'][0];
      expect(queue.Properties.RedrivePolicy).toEqual({
        deadLetterTargetArn: getAtt(dlqId),
        maxReceiveCount: queueDelivery.maxReceiveCount,
      });
      expect(queue.Properties.VisibilityTimeout).toBe(queueDelivery.visibilityTimeoutS);
      // AWS: visibility timeout ≥ 6 × the function timeout, or a slow batch is redelivered while running.
      expect(queueDelivery.visibilityTimeoutS).toBeGreaterThanOrEqual(6 * (fn.Properties.Timeout as number));
      const [, dlq] = resources(template, 'AWS::SQS::Queue').find(([id]) => id === dlqId)!;
      expect(dlq.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
      expect(dlq.Properties.RedrivePolicy).toBeUndefined();
      for (const q of [queue, dlq]) expect(q.Properties.SqsManagedSseEnabled).toBe(true);
    },
  );

  it.each(iotRules.map((rule) => [rule.handlerModule, rule] as const))(
    "%s's role touches SQS only to consume its own queue",
    (_name, rule) => {
      const [, fn] = functionFor(rule);
      const [queueId] = queueFor(rule);
      const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const sqsStatements = resources(template, 'AWS::IAM::Policy')
        .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
        .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: PolicyStatement[] }).Statement)
        .filter((st) => JSON.stringify(st.Action).includes('sqs:'));
      expect(sqsStatements.length).toBeGreaterThan(0);
      for (const st of sqsStatements) {
        expect(st.Resource).toEqual(getAtt(queueId));
        expect(JSON.stringify(st.Action)).not.toContain('sqs:SendMessage');
      }
      const granted = sqsStatements.flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
      expect(granted).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']));
    },
  );

  it.each(iotRules.map((rule) => [rule.handlerModule, rule] as const))(
    "%s's asset is the esbuild bundle, and it loads and accepts the deployed environment",
    async (_name, rule) => {
      const [, fn] = functionFor(rule);
      const s3Key = (fn.Properties.Code as { S3Key: string }).S3Key;
      const assetDir = path.join(outdir, `asset.${s3Key.replace(/\.zip$/, '')}`);
      const entryFile = path.join(assetDir, `${rule.handlerModule}.mjs`);
      expect(existsSync(entryFile), entryFile).toBe(true);
      expect(readdirSync(assetDir).sort()).toEqual([
        `${rule.handlerModule}.mjs`,
        `${rule.handlerModule}.mjs.map`,
      ]);
      expect(readFileSync(entryFile, 'utf8')).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
      expect(readFileSync(entryFile, 'utf8')).toMatch(
        new RegExp(`export\\s*\\{[^}]*\\b${QUEUE_HANDLER_EXPORT}\\b[^}]*\\}`),
      );

      // Load the bundle the way Lambda does (a fresh Node ESM process), with the template's environment.
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '',
        AWS_REGION: 'eu-central-1',
        AWS_EC2_METADATA_DISABLED: 'true',
        BUNDLE_URL: pathToFileURL(entryFile).href,
        ENTRY_EXPORT: QUEUE_HANDLER_EXPORT,
      };
      for (const [name, value] of Object.entries(variables)) {
        env[name] = typeof value === 'string' ? value : tableName(STAGE);
      }
      const probe = `
        const m = await import(process.env.BUNDLE_URL);
        if (typeof m.handler !== 'function') { console.error('no handler export'); process.exit(2); }
        try { await m.handler(null); } catch (err) {
          if (err && err.name === 'ConfigurationError') { console.error(err.message); process.exit(3); }
        }
        // Lambda's entry: a poison record is acknowledged (not reported), without touching the store.
        const out = await m[process.env.ENTRY_EXPORT]({ Records: [{ messageId: 'm1', body: 'null' }] });
        if (JSON.stringify(out) !== '{"batchItemFailures":[]}') { console.error(JSON.stringify(out)); process.exit(4); }
        console.error('PROBE_OK');`;
      const { stderr } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', probe], {
        env,
        cwd: workDir,
      });
      expect(stderr).toContain('PROBE_OK');
    },
  );
});

describe('IoT topic rules', () => {
  it('has one topic rule per entry of the shared rules list', () => {
    expect(resources(template, 'AWS::IoT::TopicRule')).toHaveLength(iotRules.length);
  });

  it.each(iotRules.map((rule) => [rule.ruleName, rule] as const))(
    "%s uses the contract SQL and sends the rule event to its handler's queue",
    (_name, rule) => {
      const [queueId] = queueFor(rule);
      const matching = resources(template, 'AWS::IoT::TopicRule').filter(
        ([, r]) => r.Properties.RuleName === rule.ruleName,
      );
      expect(matching).toHaveLength(1);
      const payload = matching[0]![1].Properties.TopicRulePayload as Record<string, unknown>;
      expect(payload.Sql).toBe(ruleSql(rule));
      expect(payload.AwsIotSqlVersion).toBe(IOT_SQL_VERSION);
      expect(payload.RuleDisabled).toBe(false);
      const actions = payload.Actions as { Sqs: { RoleArn: { 'Fn::GetAtt': [string, string] } } }[];
      const roleId = actions[0]!.Sqs.RoleArn['Fn::GetAtt'][0];
      expect(actions).toEqual([
        { Sqs: { QueueUrl: { Ref: queueId }, RoleArn: getAtt(roleId), UseBase64: false } },
      ]);
      // The rule's role is assumed by IoT of this account only and may only send to that queue.
      const [, role] = resources(template, 'AWS::IAM::Role').find(([id]) => id === roleId)!;
      expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain('iot.amazonaws.com');
      expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain('aws:SourceAccount');
      const statements = resources(template, 'AWS::IAM::Policy')
        .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
        .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: PolicyStatement[] }).Statement);
      expect(statements.flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]))).toContain(
        'sqs:SendMessage',
      );
      for (const st of statements) {
        expect(st.Resource).toEqual(getAtt(queueId));
        for (const action of Array.isArray(st.Action) ? st.Action : [st.Action])
          expect(['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl']).toContain(action);
      }
    },
  );

  it.each(iotRules.map((rule) => [rule.ruleName, rule] as const))(
    '%s reaches its function only through the queue: no resource policy lets anyone invoke it',
    (_name, rule) => {
      const [fnId] = functionFor(rule);
      const permissions = resources(template, 'AWS::Lambda::Permission').filter(
        ([, p]) =>
          JSON.stringify(p.Properties.FunctionName) === JSON.stringify(getAtt(fnId)) ||
          JSON.stringify(p.Properties.FunctionName) === JSON.stringify({ Ref: fnId }),
      );
      expect(permissions).toEqual([]);
    },
  );
});

describe('IAM', () => {
  const statements = (t: Template): PolicyStatement[] =>
    resources(t, 'AWS::IAM::Policy').flatMap(
      ([, p]) => (p.Properties.PolicyDocument as { Statement: PolicyStatement[] }).Statement,
    );
  const actionsOf = (s: PolicyStatement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);

  // ListStreams has no resource-level permission (IAM's service authorization reference): the stream
  // mapping's role needs it on '*'. It lists stream ARNs, never data; the only exception.
  const listStreams = (s: PolicyStatement) => JSON.stringify(s.Action) === '"dynamodb:ListStreams"';
  const streamActions = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'];

  it("grants no action on '*'", () => {
    for (const statement of statements(template).filter((st) => !listStreams(st))) {
      const list = Array.isArray(statement.Resource)
        ? (statement.Resource as unknown[])
        : [statement.Resource];
      expect(list, JSON.stringify(statement)).not.toContain('*');
    }
  });

  it('scopes every DynamoDB action to the table ARN, only Query to its indexes, only reads to its stream', () => {
    const dynamo = statements(template).filter(
      (s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')) && !listStreams(s),
    );
    expect(dynamo.length).toBeGreaterThan(0);
    const indexes = { 'Fn::Join': ['', [getAtt(tableLogicalId()), '/index/*']] };
    const stream = getAtt(tableLogicalId(), 'StreamArn');
    for (const statement of dynamo) {
      if (JSON.stringify(statement.Resource) === JSON.stringify(stream))
        for (const action of actionsOf(statement)) expect(streamActions).toContain(action);
      else if (JSON.stringify(statement.Resource) === JSON.stringify(indexes))
        expect(actionsOf(statement)).toEqual(['dynamodb:Query']);
      else expect(statement.Resource).toEqual(getAtt(tableLogicalId()));
    }
  });

  it("gives the ingest function's role only the writes its transaction needs", () => {
    const rule = iotRules[0]!;
    const [, fn] = functionFor(rule);
    const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const [, role] = resources(template, 'AWS::IAM::Role').find(([id]) => id === roleId)!;
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const rolePolicies = resources(template, 'AWS::IAM::Policy').filter(([, p]) =>
      (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })),
    );
    const granted = rolePolicies
      .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: PolicyStatement[] }).Statement)
      .flatMap(actionsOf)
      .filter((a) => a.startsWith('dynamodb:'));
    // TransactWriteItems is authorized per item: Put and Update (and ConditionCheck), nothing to read or delete.
    expect(granted).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem']));
    for (const action of granted) {
      expect(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem']).toContain(action);
    }
  });
});

describe('table stream and the audit-drift handler', () => {
  const streamFed = handlerRegistry.flatMap((h) =>
    h.trigger.kind === 'tableStream' ? [{ handlerModule: h.handlerModule, trigger: h.trigger }] : [],
  );

  it('gives the fleet table a stream of the contract view type', () => {
    const [, table] = onlyResource(template, 'AWS::DynamoDB::Table');
    expect(table.Properties.StreamSpecification).toEqual({ StreamViewType: tableKeySchema.streamViewType });
  });

  it.each(streamFed.map((h) => [h.handlerModule, h] as const))(
    '%s is mapped to the stream with the registry filter, partial failures, bisection and an SQS on-failure destination',
    (_name, { handlerModule, trigger }) => {
      const [fnId] = streamFunctionFor(handlerModule);
      const [, mapping] = resources(template, 'AWS::Lambda::EventSourceMapping').find(
        ([, m]) => JSON.stringify(m.Properties.FunctionName) === JSON.stringify({ Ref: fnId }),
      )!;
      const p = mapping.Properties;
      expect(p.EventSourceArn).toEqual(getAtt(tableLogicalId(), 'StreamArn'));
      expect(p.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
      expect(p.BisectBatchOnFunctionError).toBe(true);
      expect(p.StartingPosition).toBe('TRIM_HORIZON');
      expect(p.MaximumRetryAttempts).toBeGreaterThan(0);
      const destination = (p.DestinationConfig as { OnFailure: { Destination: unknown } }).OnFailure
        .Destination;
      const queueId = (destination as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      expect(resources(template, 'AWS::SQS::Queue').map(([id]) => id)).toContain(queueId);
      const patterns = (p.FilterCriteria as { Filters: { Pattern: string }[] }).Filters.map(
        (f) => JSON.parse(f.Pattern) as unknown,
      );
      expect(patterns).toEqual([
        {
          eventName: ['INSERT', 'MODIFY'],
          dynamodb: {
            Keys: {
              [tableKeySchema.sortKey]: {
                S: [
                  ...trigger.filter.sortKeys,
                  ...trigger.filter.sortKeyPrefixes.map((prefix) => ({ prefix })),
                ],
              },
            },
          },
        },
      ]);
    },
  );

  it('seals secrets with a customer-managed KMS key that rotates; the console and the audit handler may use it', () => {
    const [keyId, key] = onlyResource(template, 'AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    const [, prodKey] = onlyResource(prodTemplate, 'AWS::KMS::Key');
    expect(prodKey.DeletionPolicy).toBe('Retain');
    const kmsStatements = resources(template, 'AWS::IAM::Policy')
      .map(([, p]) => ({
        roles: JSON.stringify(p.Properties.Roles),
        statements: (p.Properties.PolicyDocument as { Statement: PolicyStatement[] }).Statement.filter((st) =>
          JSON.stringify(st.Action).includes('kms:'),
        ),
      }))
      .filter((p) => p.statements.length > 0);
    for (const { statements } of kmsStatements)
      for (const st of statements) expect(st.Resource).toEqual(getAtt(keyId));
    const actionsOfRole = (fnId: string) => {
      const [, fn] = resources(template, 'AWS::Lambda::Function').find(([id]) => id === fnId)!;
      const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      return kmsStatements
        .filter((p) => p.roles.includes(roleId))
        .flatMap((p) => p.statements.flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action])));
    };
    for (const { handlerModule } of streamFed) {
      const [fnId, fn] = streamFunctionFor(handlerModule);
      expect(actionsOfRole(fnId)).toEqual(['kms:Decrypt']);
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables.AMPFLEET_KMS_KEY_ID).toEqual(getAtt(keyId));
    }
    const [consoleId, consoleFn] = resources(template, 'AWS::Lambda::Function').find(
      ([, fn]) => fn.Properties.Handler === 'run.sh',
    )!;
    expect(actionsOfRole(consoleId)).toEqual(expect.arrayContaining(['kms:Encrypt', 'kms:Decrypt']));
    const consoleVars = (consoleFn.Properties.Environment as { Variables: Record<string, unknown> })
      .Variables;
    expect(consoleVars.AMPFLEET_KMS_KEY_ID).toEqual(getAtt(keyId));
    // The ingest never touches secrets.
    expect(actionsOfRole(functionFor(iotRules[0]!)[0])).toEqual([]);
  });
});

describe('edge-agent IoT policy', () => {
  const thing = '${iot:Connection.Thing.ThingName}';
  const orgAttribute = '${iot:Connection.Thing.Attributes[orgId]}';
  const arnPrefix = 'arn:${AWS::Partition}:iot:${AWS::Region}:${AWS::AccountId}:';

  function policyStatements(): PolicyStatement[] {
    const [, policy] = onlyResource(template, 'AWS::IoT::Policy');
    return (policy.Properties.PolicyDocument as { Statement: PolicyStatement[] }).Statement;
  }
  function resourcesFor(action: string): string[] {
    return policyStatements()
      .filter((s) => s.Effect === 'Allow' && actionsOf(s).includes(action))
      .flatMap((s) => (Array.isArray(s.Resource) ? (s.Resource as unknown[]) : [s.Resource]).map(joined));
  }
  const actionsOf = (s: PolicyStatement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);

  /** What AWS IoT would allow for a thing `siteId` with attribute orgId (policy `*` is a glob). */
  function allows(arnPattern: string, orgId: string, siteId: string, arn: string): boolean {
    const concrete = arnPattern.replaceAll(thing, siteId).replaceAll(orgAttribute, orgId);
    const glob = concrete.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
    return new RegExp(`^${glob.join('.*')}$`).test(arn);
  }

  it('connects only as the thing itself', () => {
    expect(resourcesFor('iot:Connect')).toEqual([`${arnPrefix}client/${thing}`]);
    const connect = policyStatements().find((s) => actionsOf(s).includes('iot:Connect'));
    expect(connect?.Condition).toEqual({ Bool: { 'iot:Connection.Thing.IsAttached': 'true' } });
  });

  it('publishes, receives and subscribes only under its own org and site', () => {
    for (const action of ['iot:Publish', 'iot:Receive']) {
      expect(resourcesFor(action)).toHaveLength(1);
      const [pattern] = resourcesFor(action);
      const topicArn = (org: string, site: string) =>
        `${arnPrefix}topic/${siteTopic(org, site, TopicChannel.telemetry)}`;
      expect(allows(pattern!, 'org-a', 'site-1', topicArn('org-a', 'site-1'))).toBe(true);
      expect(allows(pattern!, 'org-a', 'site-1', topicArn('org-b', 'site-1'))).toBe(false);
      expect(allows(pattern!, 'org-a', 'site-1', topicArn('org-a', 'site-2'))).toBe(false);
    }
    const subscribe = resourcesFor('iot:Subscribe');
    expect(subscribe).toHaveLength(1);
    expect(subscribe[0]!.startsWith(`${arnPrefix}topicfilter/`)).toBe(true);
    const filterArn = (org: string, site: string) =>
      `${arnPrefix}topicfilter/${siteTopic(org, site, TopicChannel.telemetry)}`;
    expect(allows(subscribe[0]!, 'org-a', 'site-1', filterArn('org-a', 'site-1'))).toBe(true);
    expect(allows(subscribe[0]!, 'org-a', 'site-1', filterArn('org-b', 'site-1'))).toBe(false);
  });

  it("subscribes to and receives its own site's commands, never another site's", () => {
    const commands = (kind: 'topic' | 'topicfilter', org: string, site: string) =>
      `${arnPrefix}${kind}/${siteTopic(org, site, TopicChannel.commands)}`;
    const [subscribe] = resourcesFor('iot:Subscribe');
    const [receive] = resourcesFor('iot:Receive');
    expect(allows(subscribe!, 'org-a', 'site-1', commands('topicfilter', 'org-a', 'site-1'))).toBe(true);
    expect(allows(receive!, 'org-a', 'site-1', commands('topic', 'org-a', 'site-1'))).toBe(true);
    expect(allows(subscribe!, 'org-a', 'site-1', commands('topicfilter', 'org-a', 'site-2'))).toBe(false);
    expect(allows(receive!, 'org-b', 'site-1', commands('topic', 'org-a', 'site-1'))).toBe(false);
  });
});

describe('handler registry', () => {
  it('deploys every entry: function, queue, dead-letter queue, event source mapping, IoT rule → SQS', () => {
    const fed = handlerRegistry.filter((h) => h.trigger.kind === 'iotRule');
    const streamFed = handlerRegistry.filter((h) => h.trigger.kind === 'tableStream');
    expect(fed.length).toBeGreaterThan(0);
    for (const { handlerModule } of fed) {
      const rule = iotRules.find((r) => r.handlerModule === handlerModule)!;
      functionFor(rule);
      queueFor(rule);
    }
    for (const { handlerModule } of streamFed) streamFunctionFor(handlerModule);
    // Nothing else: one queue and one dead-letter queue per queue-fed handler, one on-failure queue per
    // stream-fed one, one mapping each.
    expect(resources(template, 'AWS::SQS::Queue')).toHaveLength(2 * fed.length + streamFed.length);
    expect(resources(template, 'AWS::Lambda::EventSourceMapping')).toHaveLength(
      fed.length + streamFed.length,
    );
    expect(resources(template, 'AWS::IoT::TopicRule')).toHaveLength(fed.length);
    // The handlers' functions and the console's.
    expect(resources(template, 'AWS::Lambda::Function')).toHaveLength(handlerRegistry.length + 1);
  });

  it.each(scheduledHandlers.map((h) => [h.handlerModule, h] as const))(
    '%s: an EventBridge schedule rule at its rate invokes its function (handler export), which may publish commands',
    (handlerModule, { trigger }) => {
      const [fnId, fn] = resources(template, 'AWS::Lambda::Function').find(
        ([, f]) => f.Properties.Handler === `${handlerModule}.handler`,
      )!;
      const rules = resources(template, 'AWS::Events::Rule').filter(
        ([, r]) => r.Properties.Name === trigger.ruleName,
      );
      expect(rules).toHaveLength(1);
      const [, rule] = rules[0]!;
      expect(rule.Properties.ScheduleExpression).toBe(
        `rate(${trigger.everyMinutes} minute${trigger.everyMinutes === 1 ? '' : 's'})`,
      );
      expect(JSON.stringify(rule.Properties.Targets)).toContain(fnId);
      const permissions = resources(template, 'AWS::Lambda::Permission').filter(([, p]) =>
        JSON.stringify(p.Properties.FunctionName).includes(fnId),
      );
      expect(permissions.map(([, p]) => p.Properties.Principal)).toContain('events.amazonaws.com');
      expect(JSON.stringify(fn.Properties.Environment)).toContain('AMPFLEET_IOT_DATA_ENDPOINT');
    },
  );
});

describe('scheduled handlers', () => {
  const scheduled = handlerRegistry.flatMap((h) =>
    h.trigger.kind === 'schedule' ? [{ ...h, trigger: h.trigger }] : [],
  );

  it.each(scheduled.map((h) => [h.handlerModule, h] as const))(
    '%s runs on an EventBridge rate schedule, may publish only on site command topics, knows the IoT endpoint',
    (_name, h) => {
      const fns = resources(template, 'AWS::Lambda::Function').filter(
        ([, fn]) => fn.Properties.Handler === `${h.handlerModule}.handler`,
      );
      expect(fns).toHaveLength(1);
      const [fnId, fn] = fns[0]!;
      const rules = resources(template, 'AWS::Events::Rule').filter(([, r]) =>
        JSON.stringify(r.Properties.Targets).includes(fnId),
      );
      expect(rules.map(([, r]) => r.Properties.ScheduleExpression)).toEqual([
        `rate(${h.trigger.everyMinutes} minute${h.trigger.everyMinutes === 1 ? '' : 's'})`,
      ]);
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables.AMPFLEET_IOT_DATA_ENDPOINT).toEqual({ Ref: 'IotDataEndpoint' });
      const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const iot = resources(template, 'AWS::IAM::Policy')
        .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
        .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: PolicyStatement[] }).Statement)
        .filter((st) => JSON.stringify(st.Action).includes('iot:'));
      expect(iot.map((st) => st.Action)).toEqual(['iot:Publish']);
      expect(JSON.stringify(iot[0]?.Resource)).toContain(':topic/ampfleet/v1/*/*/commands');
      expect(
        resources(template, 'AWS::Lambda::Permission').some(([, p]) =>
          JSON.stringify(p.Properties.FunctionName).includes(fnId),
        ),
      ).toBe(true);
    },
  );
});

describe('console', () => {
  const consoleFunction = (): [string, CfnResource] => {
    const found = resources(template, 'AWS::Lambda::Function').filter(
      ([, fn]) => fn.Properties.Handler === 'run.sh',
    );
    expect(found).toHaveLength(1);
    return found[0]!;
  };

  it('runs the Next server behind the Lambda Web Adapter layer, with the table and deploy parameters', () => {
    const [, fn] = consoleFunction();
    expect(fn.Properties.Runtime).toBe('nodejs22.x');
    expect(fn.Properties.Architectures).toEqual(['arm64']);
    const layers = JSON.stringify(fn.Properties.Layers);
    expect(layers).toContain(':753240598075:layer:LambdaAdapterLayerArm64:');
    const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables).toMatchObject({
      AWS_LAMBDA_EXEC_WRAPPER: '/opt/bootstrap',
      AWS_LWA_PORT: String(CONSOLE_PORT),
      PORT: String(CONSOLE_PORT),
      AMPFLEET_TABLE_NAME: { Ref: tableLogicalId() },
      AMPFLEET_IOT_DATA_ENDPOINT: { Ref: 'IotDataEndpoint' },
    });
    expect(variables).not.toHaveProperty('AWS_REGION');
    expect(variables).not.toHaveProperty('AMPFLEET_CONSOLE_ORG_ID');
    template.hasParameter('IotDataEndpoint', { Type: 'String', AllowedPattern: '^https://.+$' });
  });

  it('signs people in with a Cognito user pool (no self sign-up, custom:org immutable) and the console as its client', () => {
    const pools = template.findResources('AWS::Cognito::UserPool');
    const [poolId, pool] = Object.entries(pools)[0] ?? [];
    expect(Object.keys(pools)).toHaveLength(1);
    expect(pool?.Properties).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameAttributes: ['email'],
      Policies: { PasswordPolicy: { MinimumLength: 12, RequireUppercase: true, RequireLowercase: true } },
    });
    expect((pool?.Properties as { Schema?: unknown } | undefined)?.Schema).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Name: 'org', Mutable: false, AttributeDataType: 'String' }),
      ]),
    );
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      UserPoolId: { Ref: poolId },
      ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_PASSWORD_AUTH']),
      GenerateSecret: false,
      PreventUserExistenceErrors: 'ENABLED',
    });
    const [, fn] = consoleFunction();
    const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.AMPFLEET_COGNITO_USER_POOL_ID).toEqual({ Ref: poolId });
    expect(JSON.stringify(variables.AMPFLEET_COGNITO_ISSUER)).toContain('cognito-idp.');
    // The console administers people in the pool, and keeps hashed API keys in the fleet table.
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('cognito-idp:AdminCreateUser');
    expect(policies).toContain('dynamodb:DeleteItem');
  });

  it('is served by a CloudFront distribution from its function URL, over HTTPS, uncached', () => {
    const [fnId] = consoleFunction();
    const [urlId, url] = onlyResource(template, 'AWS::Lambda::Url');
    expect(url.Properties.TargetFunctionArn).toEqual(getAtt(fnId));
    const [, distribution] = onlyResource(template, 'AWS::CloudFront::Distribution');
    const config = distribution.Properties.DistributionConfig as {
      Origins: { DomainName: unknown }[];
      DefaultCacheBehavior: { ViewerProtocolPolicy: string; CachePolicyId: string };
    };
    expect(JSON.stringify(config.Origins[0]!.DomainName)).toContain(urlId);
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    // AWS's managed CachingDisabled policy.
    expect(config.DefaultCacheBehavior.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
    template.hasOutput('ConsoleUrl', {});
  });

  it('may publish only on site command topics', () => {
    const [, fn] = consoleFunction();
    const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const iot = resources(template, 'AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: PolicyStatement[] }).Statement)
      .filter((st) => JSON.stringify(st.Action).includes('iot:'));
    expect(iot.map((st) => st.Action)).toEqual(['iot:Publish']);
    const arn = joined(iot[0]!.Resource);
    expect(arn).toBe(
      `arn:\${AWS::Partition}:iot:\${AWS::Region}:\${AWS::AccountId}:topic/${siteTopic('*', '*', TopicChannel.commands)}`,
    );
  });

  it('packages the standalone build with its static files and a start script, or a 503 placeholder', () => {
    const standalone = path.join(workDir, 'standalone');
    mkdirSync(path.join(standalone, 'web'), { recursive: true });
    writeFileSync(path.join(standalone, 'web', 'server.js'), '// next standalone server');
    const staticDir = path.join(workDir, 'static');
    expect(() => prepareConsoleAsset(path.join(workDir, 'asset-test'), standalone, staticDir)).toThrow(
      /static is missing/,
    );
    mkdirSync(path.join(staticDir, 'chunks'), { recursive: true });
    writeFileSync(path.join(staticDir, 'chunks', 'app.js'), '// chunk');
    const built = prepareConsoleAsset(path.join(workDir, 'asset-test'), standalone, staticDir);
    expect(built.placeholder).toBe(false);
    expect(readFileSync(path.join(built.assetDir, 'run.sh'), 'utf8')).toContain('exec node web/server.js');
    expect(existsSync(path.join(built.assetDir, 'web', 'server.js'))).toBe(true);
    expect(existsSync(path.join(built.assetDir, 'web', '.next', 'static', 'chunks', 'app.js'))).toBe(true);

    const placeholder = prepareConsoleAsset(path.join(workDir, 'asset-test'), path.join(workDir, 'none'));
    expect(placeholder.placeholder).toBe(true);
    expect(readFileSync(path.join(placeholder.assetDir, 'run.sh'), 'utf8')).toContain('placeholder.mjs');
    expect(existsSync(path.join(placeholder.assetDir, 'web'))).toBe(false);
  });
});

describe('the app', () => {
  it('is environment-agnostic (synthesizes without credentials)', () => {
    expect(Token.isUnresolved(stack.account)).toBe(true);
    expect(Token.isUnresolved(stack.region)).toBe(true);
  });

  it('rejects a stage that cannot name the resources', () => {
    expect(() => new AmpfleetStack(new App(), 'bad', { stage: 'Prod!', consoleAssetDir: workDir })).toThrow(
      /invalid stage/,
    );
  });

  it('copies no contract value into infra sources (they are imported from @ampfleet/domain)', () => {
    const infraDir = fileURLToPath(new URL('../', import.meta.url));
    const sources = ['lib', 'bin']
      .flatMap((dir) => readdirSync(path.join(infraDir, dir)).map((file) => path.join(infraDir, dir, file)))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => [file, readFileSync(file, 'utf8')] as const);
    const copied = [
      tableKeySchema.ttlAttribute,
      ...tableKeySchema.globalSecondaryIndexes.flatMap((i) => [i.indexName, i.partitionKey, i.sortKey]),
      `'${tableKeySchema.partitionKey}'`,
      `'${tableKeySchema.sortKey}'`,
      IOT_SQL_VERSION,
      ...iotRules.flatMap((rule) => [rule.ruleName, rule.topicFilter, ruleSql(rule)]),
      TOPIC_ROOT,
    ];
    for (const [file, text] of sources) {
      for (const value of copied) expect(text.includes(value), `${file} contains ${value}`).toBe(false);
    }
  });
});
