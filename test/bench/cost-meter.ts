// Meters for the cost bench: MQTT telemetry counted at the broker (aedes 'publish'), and DynamoDB
// capacity summed from ConsumedCapacity (asked for on every request of the handler's client).
import type { Aedes } from 'aedes';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseSiteTopic } from '@ampfleet/domain';

export type SiteKind = 'demo' | 'light';
export const kindOf = (siteId: string): SiteKind => (siteId.startsWith('ls-') ? 'light' : 'demo');

export interface Tally {
  messages: number;
  meteredMessages: number;
  writeUnits: number;
  readUnits: number;
  dynamoRequests: number;
}

const emptyTally = (): Tally => ({
  messages: 0,
  meteredMessages: 0,
  writeUnits: 0,
  readUnits: 0,
  dynamoRequests: 0,
});

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

interface Capacity {
  CapacityUnits?: number;
  WriteCapacityUnits?: number;
  ReadCapacityUnits?: number;
}

/** Asks every request for ReturnConsumedCapacity TOTAL and adds it to the site's kind (from its keys). */
export function meterDynamo(doc: DynamoDBDocumentClient, meter: CostMeter): void {
  doc.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'TOTAL';
      const site = /SITE#([A-Za-z0-9._:-]+)/.exec(JSON.stringify(input))?.[1] ?? '';
      const result = await next(args);
      const output = result.output as { ConsumedCapacity?: Capacity | Capacity[] };
      const tally = meter.tallies[kindOf(site)];
      tally.dynamoRequests++;
      const consumed = output.ConsumedCapacity;
      for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
        // DynamoDB Local may give only CapacityUnits; a transactional write's units are writes.
        tally.writeUnits +=
          c.WriteCapacityUnits ?? (c.ReadCapacityUnits === undefined ? (c.CapacityUnits ?? 0) : 0);
        tally.readUnits += c.ReadCapacityUnits ?? 0;
      }
      return result;
    },
    { step: 'initialize', name: 'ampfleetCostMeter', priority: 'high' },
  );
}
