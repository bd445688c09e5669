import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { handlerRegistry, scheduledHandlers, streamFilterMatches } from './handlers';
import {
  isRedeliveryExhausted,
  localRedelivery,
  queueDelivery,
  redeliveryDelayMs,
  type RedeliveryPolicy,
} from './redelivery';
import { iotRules } from './rules';

describe('handler registry', () => {
  it('names each handler module once and each IoT rule once, with AWS-valid rule names', () => {
    const modules = handlerRegistry.map((h) => h.handlerModule);
    expect(new Set(modules).size).toBe(modules.length);
    for (const module of modules) expect(module).toMatch(/^[a-z][a-z0-9-]*$/);
    const ruleNames = iotRules.map((r) => r.ruleName);
    expect(new Set(ruleNames).size).toBe(ruleNames.length);
    for (const name of ruleNames) expect(name).toMatch(/^[a-zA-Z0-9_]+$/);
  });

  it('derives the IoT rules list from the registry entries with an IoT rule trigger', () => {
    const fromRegistry = handlerRegistry.flatMap((h) =>
      h.trigger.kind === 'iotRule' ? [{ handlerModule: h.handlerModule, trigger: h.trigger }] : [],
    );
    expect(iotRules).toHaveLength(fromRegistry.length);
    for (const [i, entry] of fromRegistry.entries()) {
      expect(iotRules[i]).toEqual({
        ruleName: entry.trigger.ruleName,
        topicFilter: entry.trigger.topicFilter,
        ...(entry.trigger.messageTypes && { messageTypes: entry.trigger.messageTypes }),
        handlerModule: entry.handlerModule,
        description: entry.trigger.description,
      });
    }
  });

  it('feeds the audit-drift handler from the table stream with the desired head and reported items only', () => {
    const entry = handlerRegistry.find((h) => h.handlerModule === 'audit-drift');
    expect(entry?.trigger.kind).toBe('tableStream');
    if (entry?.trigger.kind !== 'tableStream') return;
    const { filter } = entry.trigger;
    expect(streamFilterMatches(filter, 'CONFIG#DESIRED')).toBe(true);
    expect(streamFilterMatches(filter, 'CONFIG#REPORTED#cp-1')).toBe(true);
    // Never its own writes (a loop), never the versions (the head is written with each one).
    for (const sk of ['CONFIG#AUDIT', 'CONFIG#ROLLUP', 'CONFIG#V#0000000002', 'SITE', 'CP#cp-1'])
      expect(streamFilterMatches(filter, sk), sk).toBe(false);
  });
});

describe('scheduled handlers', () => {
  it('run the rollout runner and load control every minute, under EventBridge-valid rule names', () => {
    expect(scheduledHandlers.map((h) => [h.handlerModule, h.trigger.everyMinutes])).toEqual([
      ['advance-rollouts', 1],
      ['load-control', 1],
    ]);
    for (const { trigger } of scheduledHandlers) expect(trigger.ruleName).toMatch(/^[.\-_A-Za-z0-9]{1,64}$/);
  });
});

const aPolicy = fc
  .record({
    initialDelayMs: fc.integer({ min: 1, max: 1_000 }),
    capFactor: fc.integer({ min: 1, max: 1_000 }),
    deadLetterAfterMs: fc.integer({ min: 0, max: 3_600_000 }),
  })
  .map(({ initialDelayMs, capFactor, deadLetterAfterMs }): RedeliveryPolicy => ({
    initialDelayMs,
    maxDelayMs: initialDelayMs * capFactor,
    deadLetterAfterMs,
  }));

describe('redelivery policy', () => {
  test.prop([aPolicy, fc.integer({ min: 1, max: 10_000 })])(
    'waits the initial delay first, never less on a later retry, never more than the cap',
    (policy, retry) => {
      expect(redeliveryDelayMs(1, policy)).toBe(policy.initialDelayMs);
      const delay = redeliveryDelayMs(retry, policy);
      expect(delay).toBeGreaterThanOrEqual(policy.initialDelayMs);
      expect(delay).toBeLessThanOrEqual(policy.maxDelayMs);
      expect(redeliveryDelayMs(retry + 1, policy)).toBeGreaterThanOrEqual(delay);
      expect(Number.isFinite(delay)).toBe(true);
    },
  );

  test.prop([aPolicy, fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 7_200_000 })])(
    'dead-letters exactly when the budget since the first failure is used up',
    (policy, firstFailureMs, elapsedMs) => {
      expect(isRedeliveryExhausted(firstFailureMs, firstFailureMs + elapsedMs, policy)).toBe(
        elapsedMs >= policy.deadLetterAfterMs,
      );
    },
  );

  it('gives the local router the budget SQS gives a message before its dead-letter queue', () => {
    expect(localRedelivery.deadLetterAfterMs).toBe(
      queueDelivery.maxReceiveCount * queueDelivery.visibilityTimeoutS * 1000,
    );
    expect([1, 2, 3, 7, 50].map((r) => redeliveryDelayMs(r, localRedelivery))).toEqual([
      100, 200, 400, 5_000, 5_000,
    ]);
    // A 30 s store outage is far inside the budget: no message is parked for it.
    expect(localRedelivery.deadLetterAfterMs).toBeGreaterThan(30_000 * 10);
  });
});
