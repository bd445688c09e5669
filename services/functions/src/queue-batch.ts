import { createLogger, type Logger } from '@ampfleet/adapters';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';

// IoT rule → SQS → Lambda: the Lambda entry of a queue-fed handler. Each SQS message body is one rule
// event; it is handed to the module's one-event `handler`. A handler that throws (store unavailable)
// marks only its message as failed (ReportBatchItemFailures): SQS redelivers it after the visibility
// timeout and moves it to the dead-letter queue after maxReceiveCount. A handler that returns —
// including a rejected, poison event — acknowledges it, so poison is never retried.

/** The fields of an SQS record this wrapper reads (the full shape is aws-lambda's SQSRecord). */
export interface QueueRecord {
  messageId: string;
  body: string;
  [field: string]: unknown;
}

export interface QueueBatch {
  Records: QueueRecord[];
}

export interface BatchItemFailures {
  batchItemFailures: { itemIdentifier: string }[];
}

type EventHandler = (event: unknown) => Promise<unknown>;

export function queueBatchHandler(
  handleEvent: EventHandler,
  log: Logger = createLogger('functions'),
): (batch: QueueBatch) => Promise<BatchItemFailures> {
  const processor = new BatchProcessor(EventType.SQS);
  const handleRecord = async (record: QueueRecord): Promise<void> => {
    let event: unknown;
    try {
      event = JSON.parse(record.body);
    } catch {
      log.warn('rule event rejected', {
        sqsMessageId: record.messageId,
        issues: [{ path: '(root)', message: 'queue message body is not valid JSON' }],
      });
      return;
    }
    await handleEvent(event);
  };
  return (batch) =>
    processPartialResponse(batch, handleRecord, processor, {
      // In arrival order, one at a time: a site's events in one batch are applied as sent.
      processInParallel: false,
      // An all-failed batch is reported item by item, like any other (no thrown error, no extra retry).
      throwOnFullBatchFailure: false,
    });
}

/**
 * The outcome of a batch-aware handler over the batch's events (in order): the index of the first
 * event that was not applied because the store failed — it and every later one are redelivered.
 */
export interface EventsOutcome {
  failedFrom?: number;
}

type EventsHandler = (events: readonly unknown[]) => Promise<EventsOutcome>;

/**
 * The Lambda entry of a handler that applies a whole batch at once (fewer store round trips than one
 * event at a time). Bodies that are not JSON are logged and acknowledged, like above; the events from
 * `failedFrom` on are reported back (ReportBatchItemFailures), so SQS redelivers exactly those.
 */
export function queueEventsHandler(
  handleEvents: EventsHandler,
  log: Logger = createLogger('functions'),
): (batch: QueueBatch) => Promise<BatchItemFailures> {
  return async (batch) => {
    const parsed: { messageId: string; event: unknown }[] = [];
    for (const record of batch.Records) {
      try {
        parsed.push({ messageId: record.messageId, event: JSON.parse(record.body) as unknown });
      } catch {
        log.warn('rule event rejected', {
          sqsMessageId: record.messageId,
          issues: [{ path: '(root)', message: 'queue message body is not valid JSON' }],
        });
      }
    }
    let failedFrom: number | undefined;
    try {
      ({ failedFrom } = await handleEvents(parsed.map((p) => p.event)));
    } catch (err) {
      log.error('batch handler failed', { error: err instanceof Error ? err.message : String(err) });
      failedFrom = 0;
    }
    return {
      batchItemFailures: (failedFrom === undefined ? [] : parsed.slice(failedFrom)).map((p) => ({
        itemIdentifier: p.messageId,
      })),
    };
  };
}
