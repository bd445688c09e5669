// Meters for the cost bench: MQTT telemetry counted at the broker (aedes 'publish'), and DynamoDB
// write/read units of every request the handler's client sends, by the AWS billing rules applied to
// each written item's image before and after the request (dynamo-units.ts).
import type { Aedes } from 'aedes';
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseSiteTopic } from '@ampfleet/domain';
import { indexWriteUnits, itemSize, tableWriteUnits, type Image } from './dynamo-units';

export type SiteKind = 'demo' | 'light';
export const kindOf = (siteId: string): SiteKind => (siteId.startsWith('ls-') ? 'light' : 'demo');

export interface Tally {
  messages: number;
  meteredMessages: number;
  writeUnits: number;
  /** Writes the table's GSIs take on top (DynamoDB Local reports the base table only). */
  indexWriteUnits: number;
  readUnits: number;
  dynamoRequests: number;
  /** Items written (each item of a transaction counts) and their billed size (larger image). */
  writtenItems: number;
  writtenBytes: number;
  /** Distinct message ids whose marker the handler wrote in the window (its retries included). */
  handled: Set<string>;
}

const emptyTally = (): Tally => ({
  messages: 0,
  meteredMessages: 0,
  writeUnits: 0,
  indexWriteUnits: 0,
  readUnits: 0,
  dynamoRequests: 0,
  writtenItems: 0,
  writtenBytes: 0,
  handled: new Set(),
});

interface WriteItem {
  Put?: { Item?: Record<string, unknown> };
  Update?: { Key?: Record<string, unknown> };
  Delete?: { Key?: Record<string, unknown> };
  ConditionCheck?: { Key?: Record<string, unknown> };
}

/** A key attribute in document form ('SITE') or, once marshalled, attribute-value form ({ S: 'SITE' }). */
const plain = (v: unknown): unknown => (typeof v === 'object' && v !== null && 'S' in v ? v.S : v);
const keyOf = (k: Record<string, unknown> | undefined) =>
  k && { pk: String(plain(k.pk)), sk: String(plain(k.sk)) };

const SINGLE_WRITES = new Set(['PutCommand', 'UpdateCommand', 'DeleteCommand']);

/** The items a write request touches; undefined for reads. */
function writtenKeys(
  commandName: string,
  input: Record<string, unknown>,
): { pk: string; sk: string }[] | undefined {
  const items = input.TransactItems as WriteItem[] | undefined;
  if (items)
    return items.flatMap((i) => {
      const k = keyOf(i.Put?.Item ?? i.Update?.Key ?? i.Delete?.Key ?? i.ConditionCheck?.Key);
      return k ? [k] : [];
    });
  if (!SINGLE_WRITES.has(commandName)) return undefined;
  const k = keyOf((input.Item ?? input.Key) as Record<string, unknown> | undefined);
  return k ? [k] : [];
}

async function imagesOf(
  images: { doc: DynamoDBDocumentClient; table: string },
  keys: { pk: string; sk: string }[],
): Promise<Map<string, Image>> {
  const out = new Map<string, Image>();
  if (keys.length === 0) return out;
  const res = await images.doc.send(
    new BatchGetCommand({ RequestItems: { [images.table]: { Keys: keys, ConsistentRead: true } } }),
  );
  for (const item of res.Responses?.[images.table] ?? [])
    out.set(`${String(item.pk)}|${String(item.sk)}`, item);
  return out;
}

export interface CostMeter {
  tallies: Record<SiteKind, Tally>;
  /** DynamoDB requests are metered (two extra reads each) only while this is on. */
  active: boolean;
  /** Zeroes the tallies and starts metering. */
  reset(): void;
}

export function costMeter(): CostMeter {
  const meter: CostMeter = {
    tallies: { demo: emptyTally(), light: emptyTally() },
    active: false,
    reset() {
      meter.tallies = { demo: emptyTally(), light: emptyTally() };
      meter.active = true;
    },
  };
  return meter;
}

/** Counts every telemetry PUBLISH the broker receives from a client, metered as AWS IoT does (5 KB units). */
export function meterBroker(aedes: Aedes, meter: CostMeter, unitBytes: number): void {
  aedes.on('publish', (packet, client) => {
    if (!client) return; // the broker's own $SYS messages
    const place = parseSiteTopic(packet.topic);
    if (!place || place.channel !== 'telemetry') return;
    const bytes = Buffer.byteLength(packet.topic) + packet.payload.length;
    const tally = meter.tallies[kindOf(place.siteId)];
    tally.messages++;
    tally.meteredMessages += Math.max(1, Math.ceil(bytes / unitBytes));
  });
}

/**
 * Sums the write units of every request the handler's client sends, by the AWS rules: each written
 * item's image is read (consistently, by an unmetered client) before and after the request, and the
 * table's and the indexes' write units follow from the two images (dynamo-units.ts) — a transactional
 * write is 2 WRU per KB of the larger image, an index takes units only when its entry changes.
 * Cancelled transactions count their table units too, as AWS bills them; their indexes change not.
 * Two requests of one site racing can make one see the other's change: a small overcount at most.
 */
export function meterDynamo(
  doc: DynamoDBDocumentClient,
  meter: CostMeter,
  images: { doc: DynamoDBDocumentClient; table: string },
): void {
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (!meter.active) return next(args);
      const input = args.input as Record<string, unknown>;
      const site = /SITE#([A-Za-z0-9._:-]+)/.exec(JSON.stringify(input))?.[1] ?? '';
      const tally = meter.tallies[kindOf(site)];
      tally.dynamoRequests++;
      const keys = writtenKeys(context.commandName ?? '', input);
      if (!keys) {
        tally.readUnits += 1; // Get/Query: ≥ 1 RRU strongly consistent (none on the ingest path)
        return next(args);
      }
      const transactional = 'TransactItems' in input;
      const before = await imagesOf(images, keys);
      let failed = false;
      try {
        return await next(args);
      } catch (err) {
        failed = true;
        throw err;
      } finally {
        const after = failed ? before : await imagesOf(images, keys);
        for (const { pk, sk } of keys) {
          if (pk.startsWith('MSG#')) tally.handled.add(pk);
          const was = before.get(`${pk}|${sk}`);
          const is = after.get(`${pk}|${sk}`);
          tally.writeUnits += tableWriteUnits(was, is, transactional);
          tally.indexWriteUnits += indexWriteUnits(was, is);
          tally.writtenItems += 1;
          tally.writtenBytes += Math.max(itemSize(was), itemSize(is));
        }
      }
    },
    { step: 'initialize', name: 'ampfleetCostMeter', priority: 'high' },
  );
}
