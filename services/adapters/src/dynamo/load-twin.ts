import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EntityType, tableKeys, TwinState } from '@ampfleet/domain';
import { StoredItemInvalidError } from '../errors';

// The site's allocation twin item (table.ts 'load twin'): one item per site, written with optimistic
// concurrency — a save succeeds only if the item is still at the revision it was read at, so two
// evaluations of one site (concurrent queue consumers) never overwrite each other's window.

export interface StoredTwin {
  readonly state: TwinState;
  readonly rev: number;
}

export async function readLoadTwin(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  siteId: string,
): Promise<StoredTwin | undefined> {
  const { Item } = await doc.send(
    new GetCommand({ TableName: table, Key: tableKeys.loadTwin(orgId, siteId), ConsistentRead: true }),
  );
  if (!Item || Item.orgId !== orgId) return undefined;
  const state = TwinState.safeParse(Item.state);
  if (!state.success) throw new StoredItemInvalidError(`load twin of site ${siteId}`, { cause: state.error });
  return { state: state.data, rev: Number(Item.rev) };
}

/** Writes revision `rev + 1` if the stored one is still `rev` (undefined: none yet); else 'conflict'. */
export async function saveLoadTwin(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  siteId: string,
  state: TwinState,
  rev: number | undefined,
): Promise<'saved' | 'conflict'> {
  try {
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: {
          ...tableKeys.loadTwin(orgId, siteId),
          entity: EntityType.loadTwin,
          orgId,
          siteId,
          rev: (rev ?? 0) + 1,
          state,
        },
        ...(rev === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'rev = :rev', ExpressionAttributeValues: { ':rev': rev } }),
      }),
    );
    return 'saved';
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return 'conflict';
    throw err;
  }
}
