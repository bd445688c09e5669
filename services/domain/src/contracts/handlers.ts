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
  description: string;
}

/** A fixed-rate schedule (EventBridge in AWS, a timer in the local stack); the module exports `handler`. */
export interface ScheduleTrigger {
  kind: 'schedule';
  /** EventBridge rule names: [a-zA-Z0-9_] here, like the IoT rules. */
  ruleName: string;
  rateMinutes: number;
  description: string;
}

// Later triggers (DynamoDB stream, schedule) join this union; switches over `kind` are exhaustive.
export type HandlerTrigger = IotRuleTrigger | ScheduleTrigger;

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
    handlerModule: 'advance-rollouts',
    trigger: {
      kind: 'schedule',
      ruleName: 'ampfleet_advance_rollouts',
      rateMinutes: 1,
      description: 'Bulk rollouts: save versions, send ChangeConfiguration, collect per-ECU results',
    },
  },
];
