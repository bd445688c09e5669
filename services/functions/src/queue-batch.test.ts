import { createLogger } from '@ampfleet/adapters';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { queueBatchHandler, queueEventsHandler, type QueueRecord } from './queue-batch';

// The SQS batch wrapper: only messages whose handler threw are reported back for redelivery.

type Outcome = 'applied' | 'rejected' | 'throws';

const aRecord = (messageId: string, event: unknown): QueueRecord => ({
  messageId,
  body: JSON.stringify(event),
  eventSource: 'aws:sqs',
});

function aHandler(outcomes: Map<string, Outcome>) {
  const seen: string[] = [];
  const handle = async (event: unknown) => {
    const id = (event as { id: string }).id;
    seen.push(id);
    const outcome = outcomes.get(id);
    if (outcome === 'throws') throw new Error('store unavailable');
    return outcome === 'rejected' ? { status: 'rejected', issues: [] } : { status: 'applied' };
  };
  return { handle, seen };
}

describe('queue batch handler', () => {
  test.prop([
    fc.array(fc.constantFrom<Outcome>('applied', 'rejected', 'throws'), { minLength: 1, maxLength: 12 }),
  ])(
    'reports exactly the messages whose handler threw, and hands every event over in order',
    async (outcomeList) => {
      const outcomes = new Map(outcomeList.map((o, i) => [`e${i}`, o]));
      const { handle, seen } = aHandler(outcomes);
      const batch = { Records: [...outcomes.keys()].map((id) => aRecord(`m-${id}`, { id })) };
      const result = await queueBatchHandler(
        handle,
        createLogger('test', () => undefined),
      )(batch);
      expect(result.batchItemFailures).toEqual(
        [...outcomes].filter(([, o]) => o === 'throws').map(([id]) => ({ itemIdentifier: `m-${id}` })),
      );
      expect(seen).toEqual([...outcomes.keys()]);
    },
  );

  it('acknowledges a body that is not JSON (poison is never retried) and logs the bad field', async () => {
    const lines: string[] = [];
    const { handle, seen } = aHandler(new Map([['ok', 'applied']]));
    const result = await queueBatchHandler(
      handle,
      createLogger('test', (l) => void lines.push(l)),
    )({
      Records: [{ messageId: 'bad', body: '{not json' }, aRecord('good', { id: 'ok' })],
    });
    expect(result.batchItemFailures).toEqual([]);
    expect(seen).toEqual(['ok']);
    expect(lines.join('')).toContain('queue message body is not valid JSON');
    expect(lines.join('')).toContain('"sqsMessageId":"bad"');
  });

  it('reports an all-failed batch item by item instead of throwing', async () => {
    const { handle } = aHandler(
      new Map([
        ['a', 'throws'],
        ['b', 'throws'],
      ]),
    );
    const result = await queueBatchHandler(
      handle,
      createLogger('test', () => undefined),
    )({
      Records: [aRecord('1', { id: 'a' }), aRecord('2', { id: 'b' })],
    });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '1' }, { itemIdentifier: '2' }]);
  });
});

describe('queue events handler (a whole batch at once)', () => {
  test.prop([
    fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }),
    fc.option(fc.nat({ max: 12 }), { nil: undefined }),
  ])(
    'hands the parsed events over in order and reports exactly those from the first not applied',
    async (poison, failedFrom) => {
      const records = poison.map((bad, i) =>
        bad ? { messageId: `m${i}`, body: '{not json' } : aRecord(`m${i}`, { id: i }),
      );
      const good = records.filter((r) => r.body !== '{not json');
      let seen: unknown[] = [];
      const from = failedFrom === undefined || failedFrom >= good.length ? undefined : failedFrom;
      const result = await queueEventsHandler(
        async (events) => {
          seen = [...events];
          return from === undefined ? {} : { failedFrom: from };
        },
        createLogger('test', () => undefined),
      )({ Records: records });
      expect(seen).toEqual(good.map((r) => JSON.parse(r.body) as unknown));
      expect(result.batchItemFailures).toEqual(
        (from === undefined ? [] : good.slice(from)).map((r) => ({ itemIdentifier: r.messageId })),
      );
    },
  );

  it('redelivers the whole batch when the handler throws', async () => {
    const result = await queueEventsHandler(
      () => Promise.reject(new Error('store unavailable')),
      createLogger('test', () => undefined),
    )({ Records: [aRecord('a', {}), aRecord('b', {})] });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'a' }, { itemIdentifier: 'b' }]);
  });
});
