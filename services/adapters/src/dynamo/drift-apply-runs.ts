import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { COMMAND_RECORD_TTL_S, EntityType, tableKeys, type DriftApplyRun } from '@ampfleet/domain';
import { StoreUnavailableError } from '../errors';

// "Apply desired" runs (drift.applyDesired): the run item is written once with its plan and command ids, in the
// same transaction as the site's LATEST pointer, whose condition (still naming the run the caller saw)
// makes two concurrent applies create one run. Later writes only set an ECU's Reset id or send error, once.

type Keys = { orgId: string; siteId: string };

const fromItem = (item: Record<string, unknown>): DriftApplyRun => {
  const { pk: _pk, sk: _sk, entity: _e, expiresAt: _x, orgId: _o, ...run } = item;
  return run as unknown as DriftApplyRun;
};

/** The id of the site's newest run, if any. */
export async function readLatestDriftApplyRunId(
  doc: DynamoDBDocumentClient,
  table: string,
  { orgId, siteId }: Keys,
): Promise<string | undefined> {
  const out = await doc.send(
    new GetCommand({
      TableName: table,
      Key: tableKeys.driftApplyLatest(orgId, siteId),
      ConsistentRead: true,
    }),
  );
  return typeof out.Item?.runId === 'string' ? out.Item.runId : undefined;
}

export async function getDriftApplyRun(
  doc: DynamoDBDocumentClient,
  table: string,
  { orgId, siteId }: Keys,
  runId: string,
): Promise<DriftApplyRun | undefined> {
  const out = await doc.send(
    new GetCommand({
      TableName: table,
      Key: tableKeys.driftApplyRun(orgId, siteId, runId),
      ConsistentRead: true,
    }),
  );
  return out.Item ? fromItem(out.Item) : undefined;
}

/**
 * Writes a new run if the site's LATEST still names `previousRunId` (undefined: no run yet); 'conflict'
 * when another apply got there first (nothing written).
 */
export async function createDriftApplyRun(
  doc: DynamoDBDocumentClient,
  table: string,
  input: Keys & { run: DriftApplyRun; previousRunId: string | undefined; nowEpochS: number },
): Promise<'created' | 'conflict'> {
  const { orgId, siteId, run } = input;
  const expiresAt = input.nowEpochS + COMMAND_RECORD_TTL_S;
  const latest = tableKeys.driftApplyLatest(orgId, siteId);
  try {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table,
              Item: {
                ...tableKeys.driftApplyRun(orgId, siteId, run.runId),
                entity: EntityType.driftApplyRun,
                orgId,
                expiresAt,
                ...run,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: table,
              Item: {
                ...latest,
                entity: EntityType.driftApplyRun,
                orgId,
                siteId,
                runId: run.runId,
                expiresAt,
              },
              ...(input.previousRunId === undefined
                ? { ConditionExpression: 'attribute_not_exists(pk)' }
                : {
                    ConditionExpression: 'runId = :previous',
                    ExpressionAttributeValues: { ':previous': input.previousRunId },
                  }),
            },
          },
        ],
      }),
    );
    return 'created';
  } catch (err) {
    if (
      err instanceof TransactionCanceledException &&
      err.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')
    )
      return 'conflict';
    throw new StoreUnavailableError('apply run could not be stored', { cause: err });
  }
}

/**
 * Sets one field of ECU `index` of a run once: `resetCommandId` (the Reset, claimed before it is sent)
 * or `sendError`. false when it was set already (someone else claimed it).
 */
export async function setDriftApplyEcuOnce(
  doc: DynamoDBDocumentClient,
  table: string,
  input: Keys & { runId: string; index: number; field: 'resetCommandId' | 'sendError'; value: string },
): Promise<boolean> {
  const path = `ecus[${input.index}].#f`;
  try {
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: tableKeys.driftApplyRun(input.orgId, input.siteId, input.runId),
        UpdateExpression: `SET ${path} = :v`,
        ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(${path})`,
        ExpressionAttributeNames: { '#f': input.field },
        ExpressionAttributeValues: { ':v': input.value },
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw new StoreUnavailableError('apply run could not be updated', { cause: err });
  }
}
