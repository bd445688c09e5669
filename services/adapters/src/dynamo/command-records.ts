import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  COMMAND_RECORD_TTL_S,
  EntityType,
  MESSAGE_DEDUP_TTL_S,
  siteSummaryAttribute,
  tableKeys,
  type Command,
  type CommandResultTelemetry,
  type CommandStatus,
} from '@ampfleet/domain';
import { StoreUnavailableError } from '../errors';
import type { ApplyOutcome } from './telemetry-writer';

// Command records: one item per command under its site's partition, written 'pending' by the console
// (only for a site of the caller's organisation and a charge point that site has heard from — checked
// in the same transaction) and closed once by the first 'commandResult' the site's agent reports.

export type CommandRecordStatus = 'pending' | CommandStatus;

export interface CommandRecord {
  orgId: string;
  siteId: string;
  commandId: string;
  chargePointId: string;
  kind: Command['kind'];
  command: Command;
  status: CommandRecordStatus;
  issuedAt: string;
  deadline: string;
  detail?: string;
  response?: Record<string, unknown>;
  resultAt?: string;
}

/** The site or charge point does not exist under this organisation. */
export class CommandTargetUnknownError extends Error {
  override readonly name = 'CommandTargetUnknownError';
}

const fromItem = (item: Record<string, unknown>): CommandRecord => {
  const { pk: _pk, sk: _sk, entity: _e, expiresAt: _x, ...record } = item;
  return record as unknown as CommandRecord;
};

export async function createCommandRecord(
  doc: DynamoDBDocumentClient,
  table: string,
  input: { orgId: string; siteId: string; command: Command; nowEpochS: number },
): Promise<CommandRecord> {
  const { orgId, siteId, command } = input;
  const record: CommandRecord = {
    orgId,
    siteId,
    commandId: command.commandId,
    chargePointId: command.chargePointId,
    kind: command.kind,
    command,
    status: 'pending',
    issuedAt: command.issuedAt,
    deadline: command.deadline,
  };
  // The target must be a charge point the site has heard from: its last-seen mark in the site item's
  // summary (site-summary.ts), checked in the same transaction as the put.
  const seen = siteSummaryAttribute.seenAt(command.chargePointId);
  const site = tableKeys.site(orgId, siteId);
  try {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: table,
              Key: { pk: site.pk, sk: site.sk },
              ConditionExpression: 'attribute_exists(pk) AND attribute_exists(#seen)',
              ExpressionAttributeNames: { '#seen': seen },
            },
          },
          {
            Put: {
              TableName: table,
              Item: {
                ...tableKeys.command(orgId, siteId, command.commandId),
                entity: EntityType.command,
                expiresAt: input.nowEpochS + COMMAND_RECORD_TTL_S,
                ...record,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
  } catch (err) {
    if (
      err instanceof TransactionCanceledException &&
      err.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
    ) {
      // Which of the two is missing, read only on this rare path.
      const known = await doc.send(
        new GetCommand({
          TableName: table,
          Key: { pk: site.pk, sk: site.sk },
          ProjectionExpression: 'orgId',
        }),
      );
      if (known.Item?.orgId !== orgId)
        throw new CommandTargetUnknownError(`site ${siteId} not found`, { cause: err });
      throw new CommandTargetUnknownError(
        `charge point ${command.chargePointId} not found at site ${siteId}`,
        { cause: err },
      );
    }
    throw new StoreUnavailableError('command could not be stored', { cause: err });
  }
  return record;
}

export async function getCommandRecord(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  siteId: string,
  commandId: string,
): Promise<CommandRecord | undefined> {
  const out = await doc.send(
    new GetCommand({
      TableName: table,
      Key: tableKeys.command(orgId, siteId, commandId),
      ConsistentRead: true,
    }),
  );
  return out.Item ? fromItem(out.Item) : undefined;
}

/** The site's commands, newest first. */
export async function listCommandRecords(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  siteId: string,
  limit: number,
): Promise<CommandRecord[]> {
  const { pk, skPrefix } = tableKeys.siteCommands(orgId, siteId);
  const records: CommandRecord[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
        ExclusiveStartKey,
      }),
    );
    records.push(...(page.Items ?? []).map(fromItem));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return records.sort((a, b) => b.issuedAt.localeCompare(a.issuedAt)).slice(0, limit);
}

/** Closes a pending command that could not be handed to the broker. */
export async function failPendingCommand(
  doc: DynamoDBDocumentClient,
  table: string,
  record: Pick<CommandRecord, 'orgId' | 'siteId' | 'commandId'>,
  detail: string,
  at: string,
): Promise<void> {
  try {
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: tableKeys.command(record.orgId, record.siteId, record.commandId),
        UpdateExpression: 'SET #s = :failed, detail = :d, resultAt = :at',
        ConditionExpression: '#s = :pending',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':failed': 'failed', ':pending': 'pending', ':d': detail, ':at': at },
      }),
    );
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException))
      throw new StoreUnavailableError('command could not be updated', { cause: err });
  }
}

/**
 * Applies a 'commandResult' once (message-id marker in the same transaction) and only to a command
 * of this org and site that is still pending: a final status is never overwritten — not by a later
 * duplicate, nor by an 'expired' after it. 'stale' = no pending command of that id at this site.
 */
export async function applyCommandResult(
  doc: DynamoDBDocumentClient,
  table: string,
  input: { orgId: string; siteId: string; result: CommandResultTelemetry; nowEpochS: number },
): Promise<ApplyOutcome> {
  const { orgId, siteId, result } = input;
  try {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table,
              Item: {
                ...tableKeys.message(result.messageId),
                entity: EntityType.message,
                orgId,
                siteId,
                expiresAt: input.nowEpochS + MESSAGE_DEDUP_TTL_S,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: table,
              Key: tableKeys.command(orgId, siteId, result.commandId),
              UpdateExpression: `SET #s = :status, detail = :detail, resultAt = :at${result.response ? ', #r = :response' : ''}`,
              ConditionExpression: 'attribute_exists(pk) AND #s = :pending',
              ExpressionAttributeNames: { '#s': 'status', ...(result.response && { '#r': 'response' }) },
              ExpressionAttributeValues: {
                ':status': result.status,
                ':detail': result.detail,
                ':at': result.observedAt,
                ':pending': 'pending',
                ...(result.response && { ':response': result.response }),
              },
            },
          },
        ],
      }),
    );
    return 'applied';
  } catch (err) {
    if (!(err instanceof TransactionCanceledException))
      throw new StoreUnavailableError('command result transaction failed', { cause: err });
    const [marker, command] = err.CancellationReasons ?? [];
    if (marker?.Code === 'ConditionalCheckFailed') return 'duplicate';
    if (command?.Code === 'ConditionalCheckFailed') return 'stale';
    throw new StoreUnavailableError('command result transaction cancelled', { cause: err });
  }
}
