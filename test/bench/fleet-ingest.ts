// The fleet bench's ingest rows: steady-state messages through the real handler (parse, plan,
// exactly-once transactions) — one message per call, and in the queue's batches as Lambda runs it
// (a batch's messages share transactions) — beside bare TransactWriteItems loops with the same item
// count per message, one message per transaction, and the same number of store calls in flight — plain Puts (the issue's floor) and, to show where the gap
// is, guarded Updates of the handler's shape without any of its code. Rounds interleave so the
// machine's other load falls on every variant alike.
import { performance } from 'node:perf_hooks';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SiteMessage } from '@ampfleet/local';
import { ingestTelemetryEvents } from '@ampfleet/functions/ingest-telemetry';
import { queueDelivery } from '@ampfleet/domain';
import {
  BENCH_ORG,
  eventOf,
  handlerRuntimeFor,
  inParallel,
  ingestThroughHandler,
  type SeededFleet,
} from './fleet-seed';
import { median, type Report } from './report';

const MESSAGES_PER_ROUND = 3_000;
const ROUNDS = 3;
const TARGET = 0.7;

/**
 * Items the handler writes for a message (telemetry-writer.ts): marker + site (+ the connector for
 * status/meterValues, the charge point for a boot; a heartbeat writes no third item).
 */
const itemsOf = (m: SiteMessage) => (m.message.type === 'heartbeat' ? 2 : 3);

type Shape = 'put' | 'guarded';

function bareTransaction(table: string, m: SiteMessage, key: string, shape: Shape) {
  return new TransactWriteCommand({
    TransactItems: Array.from({ length: itemsOf(m) }, (_, k) => {
      // Like the handler's: a unique marker, then the site's item and the connector's (or CP's).
      const cp = m.message.chargePointId;
      const Key =
        k === 0
          ? { pk: `BARE#MSG#${key}`, sk: 'MSG' }
          : { pk: `BARE#${m.siteId}`, sk: k === 1 ? 'SITE' : `CP#${cp}#C#01` };
      if (shape === 'put' || k === 0)
        return {
          Put: {
            TableName: table,
            Item: { ...Key, observedAt: m.message.observedAt },
            ...(shape === 'guarded' && { ConditionExpression: 'attribute_not_exists(pk)' }),
          },
        };
      return {
        Update: {
          TableName: table,
          Key,
          UpdateExpression: 'SET #o = :at, #c = :c',
          ConditionExpression: 'attribute_not_exists(#o) OR #o <= :at',
          ExpressionAttributeNames: { '#o': 'seenAt', '#c': 'chargePointId' },
          ExpressionAttributeValues: { ':at': m.message.observedAt, ':c': m.message.chargePointId },
        },
      };
    }),
  });
}

async function rate(
  messages: readonly SiteMessage[],
  inFlight: number,
  send: (m: SiteMessage, i: number) => Promise<unknown>,
) {
  const start = performance.now();
  await inParallel(
    messages.map((m, i) => ({ m, i })),
    inFlight,
    ({ m, i }) => send(m, i),
  );
  return (messages.length / (performance.now() - start)) * 1000;
}

export async function benchIngest(
  report: Report,
  store: { doc: DynamoDBDocumentClient; table: string },
  fleet: SeededFleet,
  inFlight: number,
): Promise<void> {
  const rt = handlerRuntimeFor(store);
  const rates: Record<'handler' | 'batched' | Shape, number[]> = {
    handler: [],
    batched: [],
    put: [],
    guarded: [],
  };
  const batchSize = queueDelivery.batchSize;
  let second = 1;
  for (let round = 0; round < ROUNDS; round++) {
    const messages: SiteMessage[] = [];
    for (; messages.length < MESSAGES_PER_ROUND; second++)
      messages.push(...fleet.traffic.tick(second, new Date(Date.now() + second * 1000).toISOString()));
    messages.length = MESSAGES_PER_ROUND;
    process.stderr.write(
      `fleet: ingest round ${round + 1}/${ROUNDS}: handler (alone, batched), bare Puts, bare guarded Updates…\n`,
    );
    rates.handler.push(
      await rate(messages, inFlight, (m) => ingestThroughHandler(rt, [m], 1, ['applied', 'stale'])),
    );
    // As Lambda runs it: the queue's batches (redelivery.ts), the same number of store calls in flight.
    const batches = Array.from({ length: Math.ceil(messages.length / batchSize) }, (_, b) =>
      messages.slice(b * batchSize, (b + 1) * batchSize).map((m) => eventOf(BENCH_ORG, m)),
    );
    const start = performance.now();
    await inParallel(batches, inFlight, async (events) => {
      const outcome = await ingestTelemetryEvents(events, rt);
      if (outcome.failedFrom !== undefined) throw new Error(`batch failed from ${outcome.failedFrom}`);
    });
    rates.batched.push((messages.length / (performance.now() - start)) * 1000);
    for (const shape of ['put', 'guarded'] as const)
      rates[shape].push(
        await rate(messages, inFlight, (m, i) =>
          store.doc
            .send(bareTransaction(store.table, m, `${shape}-${round}-${i}`, shape))
            // A guard that fails (a site's messages raced) still cost the attempt; the loop moves on.
            .catch((err: unknown) => {
              if (!(err instanceof TransactionCanceledException)) throw err;
            }),
        ),
      );
  }
  const row = (variant: 'handler' | 'batched', shape: Shape, what: string, target?: number) => {
    const handler = median(rates[variant]);
    const floor = median(rates[shape]);
    const how =
      variant === 'batched' ? `queue batches of ${batchSize} (as Lambda runs it)` : 'one message per call';
    report({
      name: `ingest handler, ${how}, vs ${what} (${inFlight} calls in flight)`,
      n: MESSAGES_PER_ROUND * ROUNDS,
      engineMedianMs: handler,
      referenceMedianMs: floor,
      ratio: handler / floor,
      unit: 'msg/s',
      note: `${((handler / floor) * 100).toFixed(0)} % of it${target === undefined ? '' : handler / floor >= target ? ` ✓ target ≥ ${target * 100} %` : ` ✗ target ≥ ${target * 100} %`}; median of ${ROUNDS} interleaved rounds`,
    });
  };
  row('batched', 'put', 'bare TransactWriteItems Puts, one message each', TARGET);
  row('handler', 'put', 'bare TransactWriteItems Puts, one message each');
  row('handler', 'guarded', 'bare guarded Updates, same shape');
}
