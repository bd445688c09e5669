import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import {
  DimmingLogEntry,
  EntityType,
  LoadControlSettings,
  tableKeys,
  type LoadControlSettings as Settings,
} from '@ampfleet/domain';
import { StoredItemInvalidError } from '../errors';
import { queryAll } from './items';

// Load-control items (table.ts 'load ctl' and 'dim log'): the site's settings, written only over the
// version read (a stale write writes nothing); in the same transaction the site's registry entry for the
// every-minute control run and, for a dimming start or end, the append-only log entry.

export interface CommandedLimits {
  networks: Record<string, { amps: number; at: string }>;
  chargePoints: Record<string, { amps: number; at: string }>;
}

export async function readLoadControlSettings(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  siteId: string,
): Promise<Settings | undefined> {
  const { Item } = await doc.send(
    new GetCommand({
      TableName: table,
      Key: tableKeys.loadControlSettings(orgId, siteId),
      ConsistentRead: true,
    }),
  );
  if (Item === undefined || Item.orgId !== orgId) return undefined;
  const parsed = LoadControlSettings.safeParse(Item.settings);
  if (!parsed.success)
    throw new StoredItemInvalidError(`load-control settings of ${siteId}`, { cause: parsed.error });
  return parsed.data;
}

/**
 * Writes `settings` (its version = base + 1) if the stored version is still `baseVersion` (0: none
 * stored yet); with `log`, appends that dimming log entry in the same transaction. 'conflict' → nothing written.
 */
export async function saveLoadControlSettings(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  siteId: string,
  settings: Settings,
  baseVersion: number,
  log?: DimmingLogEntry & { entryId: string },
): Promise<'saved' | 'conflict'> {
  const condition =
    baseVersion === 0
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : {
          ConditionExpression: 'settings.version = :base',
          ExpressionAttributeValues: { ':base': baseVersion },
        };
  const { entryId, ...entry } = log ?? { entryId: '' };
  try {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table,
              Item: {
                ...tableKeys.loadControlSettings(orgId, siteId),
                entity: EntityType.loadControl,
                orgId,
                siteId,
                settings,
              },
              ...condition,
            },
          },
          {
            Put: {
              TableName: table,
              Item: {
                ...tableKeys.loadControlSite(orgId, siteId),
                entity: EntityType.loadControl,
                orgId,
                siteId,
              },
            },
          },
          ...(log
            ? [
                {
                  Put: {
                    TableName: table,
                    Item: {
                      ...tableKeys.dimmingLogEntry(orgId, siteId, log.at, entryId),
                      entity: EntityType.dimmingLog,
                      orgId,
                      ...entry,
                    },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
              ]
            : []),
        ],
      }),
    );
    return 'saved';
  } catch (err) {
    if ((err as Error).name === 'TransactionCanceledException') return 'conflict';
    throw err;
  }
}

/** The site's dimming log, newest first. */
export async function readDimmingLog(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  siteId: string,
  limit: number,
): Promise<DimmingLogEntry[]> {
  const page = await doc.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': tableKeys.siteDimmingLog(orgId, siteId).pk },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (page.Items ?? [])
    .filter((i) => i.orgId === orgId)
    .map((i: Record<string, unknown>) =>
      DimmingLogEntry.parse({
        siteId: i.siteId,
        at: i.at,
        event: i.event,
        by: i.by,
        ...(i.reference !== undefined && { reference: i.reference }),
        ...(i.guaranteedMinimumKw !== undefined && { guaranteedMinimumKw: i.guaranteedMinimumKw }),
        ...(i.controllableDevices !== undefined && { controllableDevices: i.controllableDevices }),
      }),
    );
}

export async function readCommandedLimits(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  siteId: string,
): Promise<CommandedLimits> {
  const { Item } = await doc.send(
    new GetCommand({
      TableName: table,
      Key: tableKeys.loadControlCommanded(orgId, siteId),
      ConsistentRead: true,
    }),
  );
  if (Item === undefined || Item.orgId !== orgId) return { networks: {}, chargePoints: {} };
  return {
    networks: (Item.networks as CommandedLimits['networks'] | undefined) ?? {},
    chargePoints: (Item.chargePoints as CommandedLimits['chargePoints'] | undefined) ?? {},
  };
}

export async function writeCommandedLimits(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  siteId: string,
  commanded: CommandedLimits,
): Promise<void> {
  await doc.send(
    new PutCommand({
      TableName: table,
      Item: {
        ...tableKeys.loadControlCommanded(orgId, siteId),
        entity: EntityType.loadControl,
        orgId,
        siteId,
        ...commanded,
      },
    }),
  );
}

/** Every site with load-control settings, of every organisation (the every-minute run; system only). */
export async function listLoadControlSites(
  doc: DynamoDBDocumentClient,
  table: string,
): Promise<{ orgId: string; siteId: string }[]> {
  const items = await queryAll(doc, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': tableKeys.loadControlSites().pk },
  });
  return items.map((i) => ({ orgId: String(i.orgId), siteId: String(i.siteId) }));
}
