import { handlerRegistry, tableKeySchema, type TableStreamTrigger } from '@ampfleet/domain';
import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as lambdaEventSources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Functions } from './functions';

// The table stream → handler plumbing for each registry entry with a 'tableStream' trigger: an event
// source mapping on the fleet table's stream whose filter criteria pass only INSERT/MODIFY records of the
// sort keys the trigger names (so the handler's own writes never feed it back), ReportBatchItemFailures,
// bisection of a failing batch, and an SQS on-failure destination that keeps the record's coordinates
// (shard, sequence numbers) once retries are spent. A stream keeps records 24 hours.

/** Retries of a failing record before it goes to the on-failure destination. */
export const STREAM_RETRY_ATTEMPTS = 10;
export const STREAM_BATCH_SIZE = 100;

export interface StreamHandlersProps {
  functions: Functions;
  table: dynamodb.ITable;
}

/** The event filter of a trigger, on the record's key (streams of any view type carry the keys). */
export function streamFilterPattern(filter: TableStreamTrigger['filter']): Record<string, unknown> {
  return {
    eventName: ['INSERT', 'MODIFY'],
    dynamodb: {
      Keys: {
        [tableKeySchema.sortKey]: {
          S: [...filter.sortKeys, ...filter.sortKeyPrefixes.map((prefix) => ({ prefix }))],
        },
      },
    },
  };
}

export class StreamHandlers extends Construct {
  readonly failureQueues = new Map<string, sqs.Queue>();

  constructor(scope: Construct, id: string, props: StreamHandlersProps) {
    super(scope, id);
    for (const { handlerModule, trigger } of handlerRegistry) {
      if (trigger.kind !== 'tableStream') continue;
      const failed = new sqs.Queue(this, `${handlerModule}-stream-failures`, {
        retentionPeriod: Duration.days(14),
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      props.functions.forHandler(handlerModule).addEventSource(
        new lambdaEventSources.DynamoEventSource(props.table, {
          startingPosition: lambda.StartingPosition.TRIM_HORIZON,
          batchSize: STREAM_BATCH_SIZE,
          maxBatchingWindow: Duration.seconds(1),
          bisectBatchOnError: true,
          reportBatchItemFailures: true,
          retryAttempts: STREAM_RETRY_ATTEMPTS,
          onFailure: new lambdaEventSources.SqsDlq(failed),
          filters: [lambda.FilterCriteria.filter(streamFilterPattern(trigger.filter))],
        }),
      );
      this.failureQueues.set(handlerModule, failed);
    }
  }
}
