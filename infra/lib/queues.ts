import { handlerRegistry, queueDelivery } from '@ampfleet/domain';
import { Duration } from 'aws-cdk-lib';
import * as lambdaEventSources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Functions } from './functions';

// The durable queue between each IoT rule and its handler: rule → SQS → Lambda (event source mapping
// with ReportBatchItemFailures). A message whose handler throws becomes visible again after the
// visibility timeout and, after maxReceiveCount receives, moves to the handler's dead-letter queue,
// from which `ampfleet dlq redrive` starts an SQS message move task back to the source queue.
// Standard queues: the IoT SQS action does not support FIFO queues, and ingest is order-safe anyway
// (each state item is written under an observedAt guard; a late older message comes back 'stale').

export interface HandlerQueue {
  queue: sqs.Queue;
  deadLetterQueue: sqs.Queue;
}

export interface HandlerQueuesProps {
  functions: Functions;
}

export class HandlerQueues extends Construct {
  private readonly byHandlerModule = new Map<string, HandlerQueue>();

  constructor(scope: Construct, id: string, props: HandlerQueuesProps) {
    super(scope, id);
    for (const { handlerModule, trigger } of handlerRegistry) {
      if (trigger.kind !== 'iotRule') continue;
      const fn = props.functions.forHandler(handlerModule);
      const deadLetterQueue = new sqs.Queue(this, `${handlerModule}-dlq`, {
        // The longest SQS keeps a message: time to look at it and redrive.
        retentionPeriod: Duration.days(14),
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      const queue = new sqs.Queue(this, `${handlerModule}-queue`, {
        visibilityTimeout: Duration.seconds(queueDelivery.visibilityTimeoutS),
        retentionPeriod: Duration.days(4),
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: queueDelivery.maxReceiveCount },
      });
      fn.addEventSource(
        new lambdaEventSources.SqsEventSource(queue, {
          batchSize: queueDelivery.batchSize,
          reportBatchItemFailures: true,
        }),
      );
      this.byHandlerModule.set(handlerModule, { queue, deadLetterQueue });
    }
  }

  /** The queue feeding services/functions/src/<handlerModule>.ts. */
  forHandler(handlerModule: string): HandlerQueue {
    const found = this.byHandlerModule.get(handlerModule);
    if (!found) throw new Error(`no queue for handler module '${handlerModule}'`);
    return found;
  }
}
