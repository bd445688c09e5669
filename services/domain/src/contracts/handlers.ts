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

/**
 * A fixed rate: an EventBridge schedule rule in AWS (the Lambda runs the module's `handler` with the
 * rule's event), a timer with an injectable clock in the local router/stack.
 */
export interface ScheduleTrigger {
  kind: 'schedule';
  /** EventBridge rule names allow [.-_A-Za-z0-9]. */
  ruleName: string;
  everyMinutes: number;
  description: string;
}

// Later triggers (DynamoDB stream) join this union; switches over `kind` are exhaustive.
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
    handlerModule: 'load-control',
    trigger: {
      kind: 'schedule',
      ruleName: 'ampfleet_load_control',
      everyMinutes: 1,
      description:
        'Control above the ECU: operator limits and charging profiles per site (issue #13 point 4)',
    },
  },
];

/** The registry entries run on a schedule. */
export const scheduledHandlers = handlerRegistry.flatMap((h) =>
  h.trigger.kind === 'schedule' ? [{ handlerModule: h.handlerModule, trigger: h.trigger }] : [],
);
