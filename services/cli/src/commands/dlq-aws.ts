import { GetQueueAttributesCommand, SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import { CliError } from '../errors';

// The AWS side of `ampfleet dlq`: a handler's dead-letter queue (infra/lib/queues.ts). Redrive is an
// SQS message move task back to the queue each message came from (the handler's source queue).

const QUEUE_ARN = /^arn:aws[a-z-]*:sqs:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,80})$/;
const QUEUE_URL = /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/\d{12}\/[A-Za-z0-9_-]{1,80}$/;

export function regionOfQueueArn(arn: string): string {
  const match = QUEUE_ARN.exec(arn);
  if (!match) throw new CliError(`--dlq-arn: not an SQS queue ARN: '${arn}'`, 2);
  return match[1]!;
}

export function regionOfQueueUrl(url: string): string {
  const match = QUEUE_URL.exec(url);
  if (!match) throw new CliError(`--queue-url: not an SQS queue URL: '${url}'`, 2);
  return match[1]!;
}

export interface AwsDeadLetterCount {
  queueUrl: string;
  messages: number;
  inFlight: number;
}

export async function countAwsDeadLetters(queueUrl: string): Promise<AwsDeadLetterCount> {
  const sqs = new SQSClient({ region: regionOfQueueUrl(queueUrl) });
  try {
    const { Attributes: attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return {
      queueUrl,
      messages: Number(attributes.ApproximateNumberOfMessages ?? 0),
      inFlight: Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
    };
  } finally {
    sqs.destroy();
  }
}

/** Starts moving every message of the dead-letter queue back to its source queue; returns the task handle. */
export async function redriveAwsDeadLetters(deadLetterQueueArn: string): Promise<string> {
  const sqs = new SQSClient({ region: regionOfQueueArn(deadLetterQueueArn) });
  try {
    const { TaskHandle } = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: deadLetterQueueArn }));
    return TaskHandle ?? '';
  } finally {
    sqs.destroy();
  }
}
