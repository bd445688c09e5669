import type { TelemetryType } from './messages';
import { channelFilter, TopicChannel } from './topics';

// The one handler registry: trigger → handler module under services/functions/src. Infra deploys a
// Lambda (and its trigger plumbing) per entry; the local router runs the same modules from it.

/**
 * An AWS IoT topic rule whose events reach the handler through a durable queue (rule → SQS → Lambda),
 * so nothing the broker acknowledged is lost while the handler's store is down.
 */
export interface IotRuleTrigger {
  kind: 'iotRule';
  /** AWS IoT rule names allow [a-zA-Z0-9_] only. */
  ruleName: string;
  topicFilter: string;
  /** Only messages of these kinds (the rule's SQL filters on the payload's `type`); absent: every message. */
  messageTypes?: readonly TelemetryType[];
  description: string;
}

// Later triggers (DynamoDB stream, schedule) join this union; switches over `kind` are exhaustive.
export type HandlerTrigger = IotRuleTrigger;

export interface HandlerRegistration {
  /**
   * Module under services/functions/src. A queue-fed module exports `handler` (one rule event: what
   * the local router calls) and `queueHandler` (an SQS batch with partial failures: the Lambda entry).
   */
  handlerModule: string;
  trigger: HandlerTrigger;
}

/** The export of a queue-fed handler module that Lambda runs. */
export const QUEUE_HANDLER_EXPORT = 'queueHandler';

export const handlerRegistry: readonly HandlerRegistration[] = [
  {
    handlerModule: 'ingest-telemetry',
    trigger: {
      kind: 'iotRule',
      ruleName: 'ampfleet_ingest_telemetry',
      topicFilter: channelFilter(TopicChannel.telemetry),
      description: 'Edge-agent telemetry (OCPP boot, heartbeat, status, meter values) into the fleet table',
    },
  },
  {
    // Its own rule and queue (not after ingest, not on the table's stream): a twin outage or backlog
    // never delays ingest, and the DLM state it needs is in the message itself (issue #13 point 3).
    handlerModule: 'load-twin',
    trigger: {
      kind: 'iotRule',
      ruleName: 'ampfleet_load_twin',
      topicFilter: channelFilter(TopicChannel.telemetry),
      messageTypes: ['dlmState'],
      description: 'DLM states into the allocation twin: predicted offers, gaps, findings with a diagnosis',
    },
  },
];
