import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  energyDayChangeOf,
  EntityType,
  ingestRouteOf,
  loadBucketChangeOf,
  loadHourChangeOf,
  MESSAGE_DEDUP_TTL_S,
  siteSummaryUpdate,
  tableKeys,
  type DlmIngestChange,
  type IngestChange,
  type IngestRoute,
  type ReportedConfigIngest,
  type ItemKey,
  type EnergyDayChange,
  type LoadBucketChange,
  type LoadHourChange,
  type TelemetryMessage,
} from '@ampfleet/domain';
import { StoreUnavailableError } from '../errors';
import { transactionWrites } from './transaction-items';

// Applies one telemetry message in ONE DynamoDB transaction: the message-id marker (dedup), the site
// item (freshness and the site list's per-charge-point summary) and at most one state item — the
// connector's state, the charge point's boot facts, a DLM network's state. Either all of it lands or
// none of it, so a retried or replayed message never half-writes and is applied at most once. We do
// this here rather than with Powertools' idempotency utility because its record is a separate write
// from the state it guards; the marker inside the same transaction is what makes the effect
// exactly-once.
//
// A 'dlmState' or a connected 'siteMeter' adds ONE more item: its network's minute bucket of the load
// history (load/minute-bucket.ts in the domain), SET + ADD without a condition and without a read, so
// these messages write marker + site + DLM network + bucket = 4 items (the rest stay at 2–3). The
// bucket is not ordered: a late message still counts in its own minute, and the marker makes it once.
// The same counts and sums are ADDed into the network's hour aggregate (load/hour-bucket.ts, kept 400
// days), so these messages write 5 items; an hour's sums are exactly the sums of its minutes'.
// A 'meterValues' with an energy register adds its connector's day item (load/energy-day.ts): lastWh
// SET under the guard that the register does not go back, firstWh when created — no read either.
//
// What a message does NOT write, because each was billed per message and nothing needed it:
// - index keys: the site item's gsi2 keys are set once (if_not_exists) and the index holds keys only,
//   so a message writes no index (table.ts); the other items are in no index;
// - the charge point's item on every message: its last-seen mark is the site summary's (read back by
//   the site page and /api/health); the item itself holds what boot reports, written by boots only.

export type ApplyOutcome = 'applied' | 'duplicate' | 'stale';

type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

interface GuardedUpdate {
  key: ItemKey;
  orderedBy: string;
  at: string;
  set: Record<string, unknown>;
  /** Written when the item is created and never changed after (identity, index keys). */
  once: Record<string, unknown>;
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
  Object.entries(u.once).forEach(([field, value], i) => {
    names[`#k${i}`] = field;
    values[`:k${i}`] = value;
    sets.push(`#k${i} = if_not_exists(#k${i}, :k${i})`);
  });
  return {
    Update: {
      TableName: table,
      Key: { pk: u.key.pk, sk: u.key.sk },
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

/** The site item's identity and index keys, set when telemetry creates it (an unregistered site). */
function siteOnce(orgId: string, siteId: string): Record<string, unknown> {
  const { gsi2pk, gsi2sk } = tableKeys.site(orgId, siteId);
  return { orgId, siteId, entity: EntityType.site, gsi2pk, gsi2sk };
}

function dlmNetworkUpdates(orgId: string, siteId: string, change: DlmIngestChange): GuardedUpdate[] {
  return [
    {
      key: tableKeys.site(orgId, siteId),
      orderedBy: 'lastTelemetryAt',
      at: change.at,
      set: {},
      once: siteOnce(orgId, siteId),
    },
    {
      key: tableKeys.dlmNetwork(orgId, siteId, change.networkId),
      orderedBy: change.orderedBy,
      at: change.at,
      set: change.set,
      once: { orgId, siteId, entity: EntityType.dlmNetwork },
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
      set: { record: { ...change.set, siteId } },
      once: { orgId, siteId, chargePointId: change.chargePointId, entity: EntityType.reportedConfig },
    },
  ];
}

function chargePointUpdates(
  orgId: string,
  siteId: string,
  message: TelemetryMessage,
  changes: readonly IngestChange[],
): GuardedUpdate[] {
  const cp = message.chargePointId;
  const cpSet: Record<string, unknown> = {};
  const connectors: GuardedUpdate[] = [];
  for (const change of changes) {
    if (change.target.kind === 'chargePoint') Object.assign(cpSet, change.set);
    else connectors.push(connectorUpdate(orgId, siteId, cp, change, change.target.connectorId));
  }
  // The site list's per-charge-point summary rides on the site update, ordered like the item it mirrors.
  const summary = siteSummaryUpdate(message);
  const site: GuardedUpdate = {
    key: tableKeys.site(orgId, siteId),
    orderedBy: summary?.orderedBy ?? 'lastTelemetryAt',
    at: summary?.at ?? message.observedAt,
    set: { ...summary?.set },
    once: siteOnce(orgId, siteId),
  };
  // The charge point's own item only when the message reports something about it (a boot).
  const chargePoint: GuardedUpdate[] =
    Object.keys(cpSet).length === 0
      ? []
      : [
          {
            key: tableKeys.chargePoint(orgId, siteId, cp),
            orderedBy: 'seenAt',
            at: message.observedAt,
            set: cpSet,
            once: { orgId, siteId, chargePointId: cp, entity: EntityType.chargePoint },
          },
        ];
  return [site, ...chargePoint, ...connectors];
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
    set: change.set,
    once: { orgId, siteId, chargePointId, connectorId, entity: EntityType.connector },
  };
}

/** The minute bucket's update: latest sample SET, count and sums ADDed, TTL set; never conditional. */
function loadBucketItem(table: string, orgId: string, siteId: string, b: LoadBucketChange): TransactItem {
  const once = { orgId, siteId, networkId: b.networkId, minute: b.minute, entity: EntityType.loadBucket };
  return setAndAdd(table, tableKeys.loadBucket(orgId, siteId, b.networkId, b.minute), {
    set: { ...once, expiresAt: b.expiresAtEpochS, ...b.set },
    add: b.add,
  });
}

/** The hour aggregate's update: the minute's ADDs again, its limit SET, its own TTL; never conditional. */
function loadHourItem(table: string, orgId: string, siteId: string, h: LoadHourChange): TransactItem {
  const once = { orgId, siteId, networkId: h.networkId, hour: h.hour, entity: EntityType.loadHour };
  return setAndAdd(table, tableKeys.loadHour(orgId, siteId, h.networkId, h.hour), {
    set: { ...once, expiresAt: h.expiresAtEpochS, ...h.set },
    add: h.add,
  });
}

/** A connector's day of energy: lastWh only forward (guarded, like the state items), firstWh once. */
function energyDayItem(table: string, orgId: string, siteId: string, e: EnergyDayChange): TransactItem {
  return {
    Update: {
      TableName: table,
      Key: tableKeys.energyDay(orgId, siteId, e.day, e.chargePointId, e.connectorId),
      UpdateExpression:
        'SET orgId = :org, siteId = :site, chargePointId = :cp, connectorId = :conn, #day = :day, ' +
        'entity = :entity, expiresAt = :exp, lastWh = :wh, lastAt = :at, firstWh = if_not_exists(firstWh, :wh)',
      ConditionExpression: 'attribute_not_exists(lastWh) OR lastWh <= :wh',
      ExpressionAttributeNames: { '#day': 'day' },
      ExpressionAttributeValues: {
        ':org': orgId,
        ':site': siteId,
        ':cp': e.chargePointId,
        ':conn': e.connectorId,
        ':day': e.day,
        ':entity': EntityType.energyDay,
        ':exp': e.expiresAtEpochS,
        ':wh': e.registerWh,
        ':at': e.at,
      },
    },
  };
}

function setAndAdd(
  table: string,
  key: ItemKey,
  change: { set: Record<string, unknown>; add: Record<string, number> },
): TransactItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const adds: string[] = [];
  Object.entries(change.set).forEach(([field, value], i) => {
    names[`#s${i}`] = field;
    values[`:s${i}`] = value;
    sets.push(`#s${i} = :s${i}`);
  });
  Object.entries(change.add).forEach(([field, value], i) => {
    names[`#a${i}`] = field;
    values[`:a${i}`] = value;
    adds.push(`#a${i} :a${i}`);
  });
  return {
    Update: {
      TableName: table,
      Key: { pk: key.pk, sk: key.sk },
      UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
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
  const bucket = route.route === 'dlmNetwork' ? loadBucketChangeOf(route.change) : undefined;
  // Unconditional items go before the guarded ones (the retry below indexes the guarded ones).
  const always = [
    ...tx.always,
    ...(bucket
      ? [
          loadBucketItem(table, input.orgId, input.siteId, bucket),
          loadHourItem(table, input.orgId, input.siteId, loadHourChangeOf(bucket)),
        ]
      : []),
  ];
  const energy = m.type === 'meterValues' ? energyDayChangeOf(m) : undefined;
  let updates = [
    ...guardedUpdates(input.orgId, input.siteId, m, route).map((u) => updateItem(table, u)),
    ...tx.guarded,
    ...(energy ? [energyDayItem(table, input.orgId, input.siteId, energy)] : []),
  ];
  let dropped = false;
  // Each retry drops the updates whose ordering guard failed (newer state is already stored);
  // there are at most 4 guarded items, so this ends within 5 attempts.
  for (let attempt = 0; attempt <= 4; attempt++) {
    const items = [marker, ...always, ...updates];
    try {
      await doc.send(new TransactWriteCommand({ TransactItems: items }));
      return dropped ? 'stale' : 'applied';
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) {
        throw new StoreUnavailableError('telemetry transaction failed', { cause: err });
      }
      const reasons = err.CancellationReasons ?? [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'duplicate';
      const first = 1 + always.length;
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
