// Meters for the cost bench: MQTT telemetry counted at the broker (aedes 'publish'), and DynamoDB
// write/read units of every request the handler's client sends, by the AWS billing rules.
import type { Aedes } from 'aedes';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseSiteTopic } from '@ampfleet/domain';

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
}

const emptyTally = (): Tally => ({
  messages: 0,
  meteredMessages: 0,
  writeUnits: 0,
  indexWriteUnits: 0,
  readUnits: 0,
  dynamoRequests: 0,
});

/** GSIs an item of this sort key is in (table.ts): site and CP in gsi1 + gsi2, connector and DLM in gsi1. */
export function indexesOf(sk: string): number {
  if (sk === 'SITE' || /^CP#[^#]+$/.test(sk)) return 2;
  if (/^CP#.+#C#\d+$/.test(sk) || sk.startsWith('DLM#')) return 1;
  return 0;
}

interface WriteItem {
  Put?: { Item?: { sk?: unknown } };
  Update?: { Key?: { sk?: unknown } };
}

/** One WRU per GSI an item is written to (items < 1 KB; index writes are not transactional). */
function indexWrites(input: Record<string, unknown>): number {
  const items = (input.TransactItems as WriteItem[] | undefined) ?? [];
  return items.reduce((n, item) => {
    const raw = item.Put?.Item?.sk ?? item.Update?.Key?.sk;
    // Document form ('SITE') or, once marshalled, attribute-value form ({ S: 'SITE' }).
    const sk = typeof raw === 'object' && raw !== null ? (raw as { S?: unknown }).S : raw;
    return n + (typeof sk === 'string' ? indexesOf(sk) : 0);
  }, 0);
}

export interface CostMeter {
  tallies: Record<SiteKind, Tally>;
  reset(): void;
}

export function costMeter(): CostMeter {
  const meter: CostMeter = {
    tallies: { demo: emptyTally(), light: emptyTally() },
    reset() {
      meter.tallies = { demo: emptyTally(), light: emptyTally() };
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
 * Sums the write units of every request the handler's client sends, by the AWS rules: a transactional
 * write is 2 WRU per item (items here are < 1 KB), a plain write 1, plus 1 per GSI the item is in.
 * Computed from the request, not ConsumedCapacity: DynamoDB Local reports a flat 4 WCU per
 * TransactWriteItems whatever its item count. Cancelled transactions count too, as AWS bills them.
 */
export function meterDynamo(doc: DynamoDBDocumentClient, meter: CostMeter): void {
  doc.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as Record<string, unknown>;
      const site = /SITE#([A-Za-z0-9._:-]+)/.exec(JSON.stringify(input))?.[1] ?? '';
      const tally = meter.tallies[kindOf(site)];
      tally.dynamoRequests++;
      const items = (input.TransactItems as WriteItem[] | undefined)?.length;
      if (items !== undefined) tally.writeUnits += 2 * items;
      else if ('Item' in input || 'UpdateExpression' in input) tally.writeUnits += 1;
      else tally.readUnits += 1; // Get/Query: ≥ 1 RRU strongly consistent (none on the ingest path)
      tally.indexWriteUnits += indexWrites(input);
      return next(args);
    },
    { step: 'initialize', name: 'ampfleetCostMeter', priority: 'high' },
  );
}
