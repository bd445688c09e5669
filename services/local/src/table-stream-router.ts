import type { Logger } from '@ampfleet/adapters';
import {
  handlerRegistry,
  streamFilterMatches,
  type HandlerRegistration,
  type TableStreamTrigger,
} from '@ampfleet/domain';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';

// Local stand-in for "table stream → event source mapping (filter criteria) → Lambda": reads DynamoDB
// Local's real stream of the fleet table and calls the same handler modules infra maps to the stream,
// with the same filter (INSERT/MODIFY of the trigger's sort keys). Shards are read in lineage order (a
// child only after its parent is drained), records of a shard in order, one at a time. A handler that
// throws is retried (the record is not passed) until `maxAttempts`, then logged as failed and passed —
// what the on-failure destination does in AWS.

type Handler = (record: unknown) => Promise<unknown>;

export interface TableStreamRouterOptions {
  /** The DynamoDB Local client of the table (DescribeTable → the stream ARN). */
  dynamo: DynamoDBClient;
  endpoint: string;
  region: string;
  table: string;
  log: Logger;
  /** How long to wait after a pass that found no records (default 200 ms). */
  idlePollMs?: number;
  /** How long to wait after a pass that delivered records (default 250 ms, about Lambda's poll rate). */
  busyPollMs?: number;
  maxAttempts?: number;
  registrations?: readonly HandlerRegistration[];
  onHandled?: (handlerModule: string, record: StreamRecord, result: unknown) => void;
}

export interface TableStreamRouter {
  /** Resolves after a complete pass that began after the call found no new records. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

interface ShardState {
  iterator?: string;
  done: boolean;
}

export async function startTableStreamRouter(options: TableStreamRouterOptions): Promise<TableStreamRouter> {
  const registrations = (options.registrations ?? handlerRegistry).filter(
    (r): r is HandlerRegistration & { trigger: TableStreamTrigger } => r.trigger.kind === 'tableStream',
  );
  const handlers = new Map<string, Handler>();
  for (const { handlerModule } of registrations) {
    const mod = (await import(`@ampfleet/functions/${handlerModule}`)) as { handler: Handler };
    handlers.set(handlerModule, mod.handler);
  }
  const { Table } = await options.dynamo.send(new DescribeTableCommand({ TableName: options.table }));
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${options.table} has no stream (create-table.ts enables it)`);
  const streams = new DynamoDBStreamsClient({
    region: options.region,
    endpoint: options.endpoint,
    // DynamoDB Local accepts any credentials; never let the SDK look for real ones (client.ts does the same).
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const shards = new Map<string, ShardState>();
  const maxAttempts = options.maxAttempts ?? 5;
  let closed = false;
  let pass = 0;
  const idleWaiters: { afterPass: number; resolve: () => void }[] = [];

  async function listShards(): Promise<Shard[]> {
    const out: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }),
      );
      out.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return out;
  }

  async function deliver(record: StreamRecord): Promise<void> {
    const sk = record.dynamodb?.Keys?.sk?.S;
    if (sk === undefined || (record.eventName !== 'INSERT' && record.eventName !== 'MODIFY')) return;
    for (const { handlerModule, trigger } of registrations) {
      if (!streamFilterMatches(trigger.filter, sk)) continue;
      const handle = handlers.get(handlerModule) as Handler;
      for (let attempt = 1; ; attempt++) {
        try {
          const result = await handle(record);
          options.onHandled?.(handlerModule, record, result);
          break;
        } catch (err) {
          if (attempt >= maxAttempts || closed) {
            options.log.error('stream record failed', {
              handlerModule,
              sequenceNumber: record.dynamodb?.SequenceNumber,
              error: String(err),
            });
            break;
          }
          await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
        }
      }
    }
  }

  /** One pass over every readable shard; returns how many records it delivered. */
  async function readPass(): Promise<number> {
    let delivered = 0;
    for (const shard of await listShards()) {
      const id = shard.ShardId as string;
      const parent = shard.ParentShardId;
      // Lineage: a child's records follow its parent's, so it waits until the parent is drained.
      if (parent !== undefined && shards.has(parent) && !shards.get(parent)?.done) continue;
      let state = shards.get(id);
      if (!state) {
        const { ShardIterator } = await streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: id,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        );
        state = {
          ...(ShardIterator !== undefined && { iterator: ShardIterator }),
          done: ShardIterator === undefined,
        };
        shards.set(id, state);
      }
      // One page (≤ 1,000 records) per shard per pass, like one Lambda poll.
      if (!state.done && state.iterator !== undefined && !closed) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: state.iterator }));
        for (const record of page.Records ?? []) {
          await deliver(record);
          delivered += 1;
        }
        if (page.NextShardIterator === undefined) state.done = true;
        else state.iterator = page.NextShardIterator;
      }
    }
    return delivered;
  }

  const loop = (async () => {
    while (!closed) {
      const started = ++pass;
      let delivered: number;
      try {
        delivered = await readPass();
      } catch (err) {
        if (!closed) options.log.warn('table stream read failed; retrying', { error: String(err) });
        delivered = -1;
      }
      if (delivered === 0)
        for (const w of idleWaiters.splice(0))
          if (w.afterPass < started) w.resolve();
          else idleWaiters.push(w);
      // Between passes a pause even when records came: Lambda polls a shard about 4 times a second, and
      // reading pages back to back during a telemetry burst would take DynamoDB Local from the ingest.
      if (!closed)
        await new Promise((r) =>
          setTimeout(r, delivered <= 0 ? (options.idlePollMs ?? 200) : (options.busyPollMs ?? 250)),
        );
    }
  })();

  options.log.info('table stream router reading', {
    stream: streamArn,
    handlers: registrations.map((r) => r.handlerModule),
  });
  return {
    idle: () => new Promise<void>((resolve) => idleWaiters.push({ afterPass: pass, resolve })),
    async close() {
      closed = true;
      await loop;
      for (const w of idleWaiters.splice(0)) w.resolve();
      streams.destroy();
    },
  };
}
