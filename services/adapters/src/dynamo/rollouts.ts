import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  EntityType,
  tableKeys,
  type RolloutRecord,
  type RolloutSiteRecord,
  type RolloutSiteState,
  type RolloutStatus,
} from '@ampfleet/domain';

// Bulk rollouts (table.ts: rollout, rollout site, rollout ref, active). Creating writes the site items
// first and then, in ONE conditional transaction, the rollout, its list entry and the runner's marker: a
// crash in between leaves only site items no rollout names. A site item keeps its state in `state` (the
// condition of every update) and the rest (version, commands, per-ECU results) in one `detail` map. Every later change is a conditional update
// on the state it expects, so a retried or concurrent runner step changes nothing twice.

const strip = <T>(item: Record<string, unknown>): T => {
  const { pk: _pk, sk: _sk, entity: _e, orgId: _o, ...rest } = item;
  return rest as T;
};

async function queryAll(
  doc: DynamoDBDocumentClient,
  table: string,
  pk: string,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** 'exists' when a rollout of that id is stored already (nothing changed). */
export async function createRollout(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  rollout: RolloutRecord,
  sites: readonly RolloutSiteRecord[],
): Promise<'created' | 'exists'> {
  for (let i = 0; i < sites.length; i += 25) {
    let RequestItems: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> | undefined = {
      [table]: sites.slice(i, i + 25).map((site) => ({
        PutRequest: {
          Item: {
            ...tableKeys.rolloutSite(orgId, rollout.rolloutId, site.index),
            entity: EntityType.rolloutSite,
            orgId,
            index: site.index,
            siteId: site.siteId,
            state: site.state,
            detail: detailOf(site),
          },
        },
      })),
    };
    // DynamoDB may hand back unprocessed writes under load: send them again until none remain.
    while (RequestItems && Object.keys(RequestItems).length) {
      const out = await doc.send(new BatchWriteCommand({ RequestItems }));
      RequestItems = out.UnprocessedItems as typeof RequestItems;
    }
  }
  try {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table,
              Item: {
                ...tableKeys.rollout(orgId, rollout.rolloutId),
                entity: EntityType.rollout,
                orgId,
                ...rollout,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: table,
              Item: {
                ...tableKeys.orgRollout(orgId, rollout.createdAt, rollout.rolloutId),
                orgId,
                rolloutId: rollout.rolloutId,
              },
            },
          },
          {
            Put: {
              TableName: table,
              Item: {
                ...tableKeys.activeRollout(orgId, rollout.rolloutId),
                orgId,
                rolloutId: rollout.rolloutId,
              },
            },
          },
        ],
      }),
    );
    return 'created';
  } catch (err) {
    if ((err as Error).name === 'TransactionCanceledException') return 'exists';
    throw err;
  }
}

export async function readRollout(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  rolloutId: string,
): Promise<{ rollout: RolloutRecord; sites: RolloutSiteRecord[] } | undefined> {
  const items = await queryAll(doc, table, tableKeys.rollout(orgId, rolloutId).pk);
  const head = items.find((i) => i.sk === 'ROLLOUT');
  if (!head || head.orgId !== orgId) return undefined;
  const sites = items
    .filter((i) => String(i.sk).startsWith('SITE#'))
    .map((i): RolloutSiteRecord => ({
      index: Number(i.index),
      siteId: String(i.siteId),
      state: i.state as RolloutSiteState,
      ...(i.detail as Partial<RolloutSiteRecord> | undefined),
    }))
    .sort((a, b) => a.index - b.index);
  return { rollout: strip<RolloutRecord>(head), sites };
}

/** The organisation's rollouts, newest first. */
export async function listRollouts(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  limit: number,
): Promise<RolloutRecord[]> {
  const refs = await doc.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': tableKeys.orgRollouts(orgId).pk },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  const out: RolloutRecord[] = [];
  for (const ref of refs.Items ?? []) {
    const { Item } = await doc.send(
      new GetCommand({ TableName: table, Key: tableKeys.rollout(orgId, String(ref.rolloutId)) }),
    );
    if (Item && Item.orgId === orgId) out.push(strip<RolloutRecord>(Item));
  }
  return out;
}

/** Moves the rollout from one of `from` to `to`; false (nothing written) when it is in another status. */
export async function setRolloutStatus(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  rolloutId: string,
  change: { from: readonly RolloutStatus[]; to: RolloutStatus; at: string },
): Promise<boolean> {
  const names = change.from.map((_, i) => `:f${i}`);
  try {
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: tableKeys.rollout(orgId, rolloutId),
        UpdateExpression: 'SET #s = :to, updatedAt = :at',
        ConditionExpression: `orgId = :org AND #s IN (${names.join(', ')})`,
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':to': change.to,
          ':at': change.at,
          ':org': orgId,
          ...Object.fromEntries(change.from.map((f, i) => [`:f${i}`, f])),
        },
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

/** Writes a site's new state and fields if it is still in `from`; false (nothing written) otherwise. */
export async function updateRolloutSite(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  rolloutId: string,
  site: RolloutSiteRecord,
  from: RolloutSiteState,
): Promise<boolean> {
  try {
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: tableKeys.rolloutSite(orgId, rolloutId, site.index),
        // Whole-record replace of the mutable fields; keys and identity stay.
        UpdateExpression: 'SET #s = :state, #rec = :rec',
        ConditionExpression: '#s = :from AND siteId = :site',
        ExpressionAttributeNames: { '#s': 'state', '#rec': 'detail' },
        ExpressionAttributeValues: {
          ':state': site.state,
          ':rec': detailOf(site),
          ':from': from,
          ':site': site.siteId,
        },
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

function detailOf(site: RolloutSiteRecord): Record<string, unknown> {
  const { index: _i, siteId: _s, state: _st, ...detail } = site;
  return detail;
}

/** The runner is done with the rollout: it leaves the work list. */
export async function retireRollout(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  rolloutId: string,
): Promise<void> {
  await doc.send(new DeleteCommand({ TableName: table, Key: tableKeys.activeRollout(orgId, rolloutId) }));
}

/** Every organisation's rollouts the runner still has to advance (system work, not org-bound). */
export async function listActiveRollouts(
  doc: DynamoDBDocumentClient,
  table: string,
): Promise<{ orgId: string; rolloutId: string }[]> {
  const items = await queryAll(doc, table, tableKeys.activeRollouts().pk);
  return items.map((i) => ({ orgId: String(i.orgId), rolloutId: String(i.rolloutId) }));
}
