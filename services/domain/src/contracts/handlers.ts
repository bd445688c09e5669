import { configChangeSortKeys } from './table';
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

/**
 * The fleet table's DynamoDB stream (in AWS: an event source mapping with filter criteria; locally: the
 * router reads DynamoDB Local's stream). Only INSERT/MODIFY records of items whose sort key is one of
 * `sortKeys` or starts with one of `sortKeyPrefixes` reach the handler — never the handler's own writes.
 */
export interface TableStreamTrigger {
  kind: 'tableStream';
  description: string;
  filter: { sortKeys: readonly string[]; sortKeyPrefixes: readonly string[] };
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

// Switches over `kind` are exhaustive.
export type HandlerTrigger = IotRuleTrigger | TableStreamTrigger | ScheduleTrigger;

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
/** The export of a stream-fed module that Lambda runs (a stream batch with partial failures). */
export const STREAM_HANDLER_EXPORT = 'streamHandler';

/** Whether a stream record of the item with sort key `sk` is one the trigger wants. */
export function streamFilterMatches(filter: TableStreamTrigger['filter'], sk: string): boolean {
  return filter.sortKeys.includes(sk) || filter.sortKeyPrefixes.some((p) => sk.startsWith(p));
}

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
    handlerModule: 'audit-drift',
    trigger: {
      kind: 'tableStream',
      description: 'A site’s desired or reported configuration changed: store its audit findings and drift',
      filter: {
        sortKeys: [configChangeSortKeys.desiredHead],
        sortKeyPrefixes: [configChangeSortKeys.reportedPrefix],
      },
    },
  },
  {
    handlerModule: 'advance-rollouts',
    trigger: {
      kind: 'schedule',
      ruleName: 'ampfleet_advance_rollouts',
      everyMinutes: 1,
      description: 'Bulk rollouts: save versions, send ChangeConfiguration, collect per-ECU results',
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

/** The registry entries run on a schedule. */
export const scheduledHandlers = handlerRegistry.flatMap((h) =>
  h.trigger.kind === 'schedule' ? [{ handlerModule: h.handlerModule, trigger: h.trigger }] : [],
);
