import { describe, expect, it } from 'vitest';
import { parseTelemetryRuleEvent } from './rule-event';

const topic = 'ampfleet/v1/org-a/site-1/telemetry';
const heartbeat = {
  v: 1,
  type: 'heartbeat',
  messageId: 'msg-0001',
  chargePointId: 'cp-1',
  observedAt: '2026-12-02T10:00:00.000Z',
};

describe('parseTelemetryRuleEvent', () => {
  it('takes the organisation and site from the topic and drops the rule-added receivedAt', () => {
    const parsed = parseTelemetryRuleEvent({ ...heartbeat, topic, receivedAt: 1 });
    expect(parsed).toMatchObject({ ok: true, orgId: 'org-a', siteId: 'site-1' });
    expect(parsed.ok && 'receivedAt' in parsed.message).toBe(false);
  });

  it.each([
    ['not an object', [1], '(root)'],
    ['no topic', heartbeat, 'topic'],
    ['a foreign topic', { ...heartbeat, topic: 'other/org-a/site-1' }, 'topic'],
    ['a bad field', { ...heartbeat, topic, chargePointId: 7 }, 'chargePointId'],
  ])('names the bad field: %s', (_what, event, path) => {
    const parsed = parseTelemetryRuleEvent(event);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.issues.map((i) => i.path)).toContain(path);
  });
});
