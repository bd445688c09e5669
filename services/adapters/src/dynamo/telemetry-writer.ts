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

/** One message's writes: its dedup marker, the unconditional items, the ordering-guarded updates. */
interface MessageWrites {
  marker: TransactItem;
  always: TransactItem[];
  updates: TransactItem[];
}

export interface TelemetryInput {
  orgId: string;
  siteId: string;
  message: TelemetryMessage;
  nowEpochS: number;
}

function messageWrites(table: string, input: TelemetryInput): MessageWrites {
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
  const updates = [
    ...guardedUpdates(input.orgId, input.siteId, m, route).map((u) => updateItem(table, u)),
    ...tx.guarded,
    ...(energy ? [energyDayItem(table, input.orgId, input.siteId, energy)] : []),
  ];
  return { marker, always, updates };
}

export async function applyTelemetry(
  doc: DynamoDBDocumentClient,
  table: string,
  input: TelemetryInput,
): Promise<ApplyOutcome> {
  const { outcomes, failure } = await applyTelemetryBatch(doc, table, [input]);
  if (failure) throw failure.error;
  return outcomes[0]!;
}

/** DynamoDB's cap on the actions of one TransactWriteItems call. */
export const MAX_TRANSACTION_ITEMS = 100;

function keyOf(item: TransactItem): string {
  const key = item.Put?.Item ?? item.Update?.Key ?? item.Delete?.Key ?? item.ConditionCheck?.Key;
  return `${String(key?.pk)}\u0000${String(key?.sk)}`;
}

/**
 * Messages in order, cut into transactions that DynamoDB accepts: at most 100 actions, and no item
 * twice (two messages of one site both update the site item, so they go into consecutive
 * transactions — a site's messages keep their order).
 */
function chunksOf(writes: readonly MessageWrites[]): number[][] {
  const chunks: number[][] = [];
  let current: number[] = [];
  let keys = new Set<string>();
  let size = 0;
  writes.forEach((w, i) => {
    const own = [w.marker, ...w.always, ...w.updates].map(keyOf);
    const clash = own.some((k) => keys.has(k)) || new Set(own).size < own.length;
    if (current.length > 0 && (clash || size + own.length > MAX_TRANSACTION_ITEMS)) {
      chunks.push(current);
      current = [];
      keys = new Set();
      size = 0;
    }
    current.push(i);
    own.forEach((k) => keys.add(k));
    size += own.length;
  });
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export interface BatchApplyResult {
  /** One outcome per message, in order, up to (not including) `failure.from`. */
  outcomes: ApplyOutcome[];
  /** The store failed at this message: it and every later one were not applied (retry them). */
  failure?: { from: number; error: StoreUnavailableError };
}

/**
 * Applies messages (of one organisation, in delivery order) with as few transactions as DynamoDB
 * allows — the queue delivers them in batches (redelivery.ts: 10), and one round trip for a batch
 * costs the store far less than one per message. Each message keeps its own marker, so it is applied
 * exactly once whether it arrives alone or in a batch; a duplicate or a stale update is taken out and
 * the rest of the transaction retried. If the store fails, that transaction's messages and all later
 * ones are reported as not applied, so a redelivery keeps each site's order.
 */
export async function applyTelemetryBatch(
  doc: DynamoDBDocumentClient,
  table: string,
  inputs: readonly TelemetryInput[],
): Promise<BatchApplyResult> {
  const writes = inputs.map((input) => messageWrites(table, input));
  const outcomes: ApplyOutcome[] = [];
  for (const chunk of chunksOf(writes)) {
    try {
      const chunkOutcomes = await applyChunk(
        doc,
        chunk.map((i) => writes[i]!),
      );
      outcomes.push(...chunkOutcomes);
    } catch (err) {
      const error =
        err instanceof StoreUnavailableError
          ? err
          : new StoreUnavailableError('telemetry transaction failed', { cause: err });
      return { outcomes, failure: { from: chunk[0]!, error } };
    }
  }
  return { outcomes };
}

interface Live {
  index: number;
  w: MessageWrites;
  updates: TransactItem[];
  dropped: boolean;
}

/** One transaction of messages with distinct items; retried without what a guard turned away. */
async function applyChunk(
  doc: DynamoDBDocumentClient,
  writes: readonly MessageWrites[],
): Promise<ApplyOutcome[]> {
  const outcomes: ApplyOutcome[] = new Array<ApplyOutcome>(writes.length);
  let live: Live[] = writes.map((w, index) => ({ index, w, updates: [...w.updates], dropped: false }));
  // Every retry takes out at least one item, so this ends.
  const maxAttempts = 1 + writes.reduce((n, w) => n + 1 + w.updates.length, 0);
  for (let attempt = 0; attempt < maxAttempts && live.length > 0; attempt++) {
    const roles: { entry: Live; update?: number }[] = [];
    const items: TransactItem[] = [];
    for (const entry of live) {
      items.push(entry.w.marker);
      roles.push({ entry });
      for (const item of entry.w.always) {
        items.push(item);
        roles.push({ entry, update: -1 });
      }
      entry.updates.forEach((item, k) => {
        items.push(item);
        roles.push({ entry, update: k });
      });
    }
    try {
      await doc.send(new TransactWriteCommand({ TransactItems: items }));
      for (const entry of live) outcomes[entry.index] = entry.dropped ? 'stale' : 'applied';
      return outcomes;
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) {
        throw new StoreUnavailableError('telemetry transaction failed', { cause: err });
      }
      const reasons = err.CancellationReasons ?? [];
      const duplicates = new Set<Live>();
      const stale = new Map<Live, Set<number>>();
      reasons.forEach((r, i) => {
        const role = roles[i];
        if (r.Code !== 'ConditionalCheckFailed' || !role) return;
        if (role.update === undefined) duplicates.add(role.entry);
        else if (role.update >= 0)
          stale.set(role.entry, (stale.get(role.entry) ?? new Set()).add(role.update));
      });
      if (duplicates.size === 0 && stale.size === 0)
        throw new StoreUnavailableError('telemetry transaction cancelled', { cause: err });
      for (const entry of duplicates) outcomes[entry.index] = 'duplicate';
      live = live.filter((entry) => !duplicates.has(entry));
      for (const [entry, failed] of stale) {
        if (duplicates.has(entry)) continue;
        entry.updates = entry.updates.filter((_, k) => !failed.has(k));
        entry.dropped = true;
      }
    }
  }
  if (live.length > 0) throw new StoreUnavailableError('telemetry transaction kept conflicting');
  return outcomes;
}
