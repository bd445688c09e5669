import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  EntityType,
  ingestRouteOf,
  MESSAGE_DEDUP_TTL_S,
  siteSummaryUpdate,
  tableKeys,
  type DlmIngestChange,
  type IngestChange,
  type IngestRoute,
  type ReportedConfigIngest,
  type TelemetryMessage,
} from '@ampfleet/domain';
import { StoreUnavailableError } from '../errors';
import { transactionWrites } from './transaction-items';

// Applies one telemetry message in ONE DynamoDB transaction: the message-id marker (dedup), the site's
// and charge point's freshness, and the connector state. Either all of it lands or none of it, so a
// retried or replayed message never half-writes and is applied at most once. We do this here rather
// than with Powertools' idempotency utility because its record is a separate write from the state it
// guards; the marker inside the same transaction is what makes the effect exactly-once.

export type ApplyOutcome = 'applied' | 'duplicate' | 'stale';

type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

interface GuardedUpdate {
  key: Record<string, string>;
  orderedBy: string;
  at: string;
  set: Record<string, unknown>;
}

function updateItem(table: string, u: GuardedUpdate): TransactItem {
  const names: Record<string, string> = { '#o': u.orderedBy };
  const values: Record<string, unknown> = { ':at': u.at };
  const sets = ['#o = :at'];
  Object.entries(u.set).forEach(([field, value], i) => {
    names[`#f${i}`] = field;
    values[`:v${i}`] = value;
    sets.push(`#f${i} = :v${i}`);
  });
  const { pk, sk, ...indexKeys } = u.key;
  Object.entries(indexKeys).forEach(([field, value], i) => {
    names[`#k${i}`] = field;
    values[`:k${i}`] = value;
    sets.push(`#k${i} = :k${i}`);
  });
  return {
    Update: {
      TableName: table,
      Key: { pk, sk },
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: 'attribute_not_exists(#o) OR #o <= :at',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** The guarded updates of a message's ingest route (messageKinds in @ampfleet/domain picks the route). */
function guardedUpdates(
  orgId: string,
  siteId: string,
  message: TelemetryMessage,
  route: IngestRoute,
): GuardedUpdate[] {
  switch (route.route) {
    case 'dlmNetwork':
      return dlmNetworkUpdates(orgId, siteId, route.change);
    case 'reportedConfig':
      return reportedConfigUpdates(orgId, siteId, route.change);
    case 'chargePoint':
      return chargePointUpdates(orgId, siteId, message, route.changes);
    // Transactions add their own items (transaction-items.ts); a command result reaching here (the
    // handler sends it to applyCommandResult) only marks freshness, as before.
    case 'transaction':
    case 'commandResult':
      return chargePointUpdates(orgId, siteId, message, []);
  }
}

function dlmNetworkUpdates(orgId: string, siteId: string, change: DlmIngestChange): GuardedUpdate[] {
  const ids = { orgId, siteId };
  return [
    {
      key: tableKeys.site(orgId, siteId),
      orderedBy: 'lastTelemetryAt',
      at: change.at,
      set: { ...ids, entity: EntityType.site },
    },
    {
      key: tableKeys.dlmNetwork(orgId, siteId, change.networkId),
      orderedBy: change.orderedBy,
      at: change.at,
      set: { ...change.set, ...ids, entity: EntityType.dlmNetwork },
    },
  ];
}

/**
 * The ECU's latest snapshot, replaced whole as ONE attribute (`record`: an optional field of an older
 * snapshot cannot linger) — but only by a newer read (the `readOrder` guard). The only guarded update,
 * so the outcome says exactly whether it was stored ('stale' = an older read); the site's freshness is
 * left to the ECU's own messages (a read that ordered after them would otherwise come back 'stale').
 */
function reportedConfigUpdates(orgId: string, siteId: string, change: ReportedConfigIngest): GuardedUpdate[] {
  return [
    {
      key: tableKeys.reportedConfig(orgId, siteId, change.chargePointId),
      orderedBy: change.orderedBy,
      at: change.at,
      set: {
        orgId,
        siteId,
        chargePointId: change.chargePointId,
        entity: EntityType.reportedConfig,
        record: { ...change.set, siteId },
      },
    },
  ];
}

function chargePointUpdates(
  orgId: string,
  siteId: string,
  message: TelemetryMessage,
  changes: readonly IngestChange[],
): GuardedUpdate[] {
  const ids = { orgId, siteId };
  const cp = message.chargePointId;
  const cpSet: Record<string, unknown> = { ...ids, chargePointId: cp, entity: EntityType.chargePoint };
  const connectors: GuardedUpdate[] = [];
  for (const change of changes) {
    if (change.target.kind === 'chargePoint') Object.assign(cpSet, change.set);
    else connectors.push(connectorUpdate(orgId, siteId, cp, change, change.target.connectorId));
  }
  // The site list's per-charge-point summary rides on the site update, ordered like the item it mirrors.
  const summary = siteSummaryUpdate(message);
  return [
    {
      key: tableKeys.site(orgId, siteId),
      orderedBy: summary?.orderedBy ?? 'lastTelemetryAt',
      at: summary?.at ?? message.observedAt,
      set: { ...ids, entity: EntityType.site, ...summary?.set },
    },
    {
      key: tableKeys.chargePoint(orgId, siteId, cp),
      orderedBy: 'seenAt',
      at: message.observedAt,
      set: cpSet,
    },
    ...connectors,
  ];
}

function connectorUpdate(
  orgId: string,
  siteId: string,
  chargePointId: string,
  change: IngestChange,
  connectorId: number,
): GuardedUpdate {
  return {
    key: tableKeys.connector(orgId, siteId, chargePointId, connectorId),
    orderedBy: change.orderedBy,
    at: change.at,
    set: { ...change.set, orgId, siteId, chargePointId, connectorId, entity: EntityType.connector },
  };
}

export async function applyTelemetry(
  doc: DynamoDBDocumentClient,
  table: string,
  input: { orgId: string; siteId: string; message: TelemetryMessage; nowEpochS: number },
): Promise<ApplyOutcome> {
  const marker: TransactItem = {
    Put: {
      TableName: table,
      Item: {
        ...tableKeys.message(input.message.messageId),
        entity: EntityType.message,
        orgId: input.orgId,
        siteId: input.siteId,
        expiresAt: input.nowEpochS + MESSAGE_DEDUP_TTL_S,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
  const m = input.message;
  const route = ingestRouteOf(m);
  const tx =
    route.route === 'transaction'
      ? transactionWrites(table, input.orgId, input.siteId, route.event)
      : { always: [], guarded: [] };
  let updates = [
    ...guardedUpdates(input.orgId, input.siteId, m, route).map((u) => updateItem(table, u)),
    ...tx.guarded,
  ];
  let dropped = false;
  // Each retry drops the updates whose ordering guard failed (newer state is already stored);
  // there are at most 3 guarded items, so this ends within 4 attempts.
  for (let attempt = 0; attempt <= 3; attempt++) {
    const items = [marker, ...tx.always, ...updates];
    try {
      await doc.send(new TransactWriteCommand({ TransactItems: items }));
      return dropped ? 'stale' : 'applied';
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) {
        throw new StoreUnavailableError('telemetry transaction failed', { cause: err });
      }
      const reasons = err.CancellationReasons ?? [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'duplicate';
      const first = 1 + tx.always.length;
      const failed = new Set(
        reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' && i >= first ? [i - first] : [])),
      );
      if (failed.size === 0)
        throw new StoreUnavailableError('telemetry transaction cancelled', { cause: err });
      updates = updates.filter((_, i) => !failed.has(i));
      dropped = true;
    }
  }
  throw new StoreUnavailableError('telemetry transaction kept conflicting');
}
