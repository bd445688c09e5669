// How a rule event whose handler failed is delivered again, the same budget in AWS and locally:
// SQS makes a failed message visible again after the visibility timeout and moves it to the
// dead-letter queue on its maxReceiveCount-th failed receive; the local router retries with capped
// exponential backoff for the same total time, then parks the event in its dead-letter store.

export interface QueueDelivery {
  /** SQS visibility timeout: AWS asks for ≥ 6 × the function timeout with an event source mapping. */
  visibilityTimeoutS: number;
  /** Failed receives before SQS moves a message to the dead-letter queue. */
  maxReceiveCount: number;
  /** Messages per Lambda invocation. */
  batchSize: number;
}

export const queueDelivery: QueueDelivery = { visibilityTimeoutS: 60, maxReceiveCount: 10, batchSize: 10 };

export interface RedeliveryPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** An event still failing this long after its first failure goes to the dead-letter store. */
  deadLetterAfterMs: number;
}

/** The local router's policy: 100 ms doubling to 5 s, for as long as SQS would retry (10 × 60 s). */
export const localRedelivery: RedeliveryPolicy = {
  initialDelayMs: 100,
  maxDelayMs: 5_000,
  deadLetterAfterMs: queueDelivery.maxReceiveCount * queueDelivery.visibilityTimeoutS * 1000,
};

/** Delay before retry number `retry` (1 = the first retry after the first failure). */
export function redeliveryDelayMs(retry: number, policy: RedeliveryPolicy): number {
  const exponent = Math.max(0, Math.min(retry - 1, 30)); // 2^30 ms already exceeds any sane cap
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** exponent);
}

/** Whether an event failing since `firstFailureMs` has used up its budget at `nowMs`. */
export function isRedeliveryExhausted(
  firstFailureMs: number,
  nowMs: number,
  policy: RedeliveryPolicy,
): boolean {
  return nowMs - firstFailureMs >= policy.deadLetterAfterMs;
}
