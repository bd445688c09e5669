import { handlerRegistry } from './handlers';
import type { TelemetryType } from './messages';

// The IoT rules, derived from the handler registry (handlers.ts): topic filter → handler. Infra turns
// each into an AWS IoT topic rule with an SQS action in front of the handler's Lambda; the local
// router subscribes to the same filters and calls the same handler modules.

export interface IotRuleSpec {
  /** AWS IoT rule names allow [a-zA-Z0-9_] only. */
  ruleName: string;
  topicFilter: string;
  /** Only payloads whose `type` is one of these (absent: every payload). */
  messageTypes?: readonly TelemetryType[];
  /** Module under services/functions/src that exports `handler` (and `queueHandler`, the Lambda entry). */
  handlerModule: string;
  description: string;
}

export const iotRules: readonly IotRuleSpec[] = handlerRegistry.flatMap(({ handlerModule, trigger }) =>
  trigger.kind === 'iotRule'
    ? [
        {
          ruleName: trigger.ruleName,
          topicFilter: trigger.topicFilter,
          ...(trigger.messageTypes && { messageTypes: trigger.messageTypes }),
          handlerModule,
          description: trigger.description,
        },
      ]
    : [],
);

/**
 * The rule's SQL. AWS IoT passes the JSON payload plus the topic and the broker's receive time;
 * `ruleEvent` below builds the identical event for the local router.
 */
export function ruleSql(rule: IotRuleSpec): string {
  const select = `SELECT *, topic() AS topic, timestamp() AS receivedAt FROM '${rule.topicFilter}'`;
  if (!rule.messageTypes) return select;
  return `${select} WHERE ${rule.messageTypes.map((t) => `type = '${t}'`).join(' OR ')}`;
}

/** Whether a rule takes a payload (its `messageTypes` filter; the local router applies what the SQL does). */
export function ruleTakes(
  rule: Pick<IotRuleSpec, 'messageTypes'>,
  payload: Record<string, unknown>,
): boolean {
  return rule.messageTypes === undefined || rule.messageTypes.some((t) => t === payload.type);
}

export const IOT_SQL_VERSION = '2016-03-23';

export interface RuleEvent {
  topic: string;
  /** Epoch milliseconds when the broker received the message. */
  receivedAt: number;
  [field: string]: unknown;
}

/** What `ruleSql` produces for a JSON-object payload. Non-object payloads are not delivered to handlers. */
export function ruleEvent(payload: Record<string, unknown>, topic: string, receivedAt: number): RuleEvent {
  return { ...payload, topic, receivedAt };
}
