import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { iotRules, ruleEvent, ruleSql, ruleTakes } from './rules';
import { EntityType, tableKeys, tableKeySchema } from './table';
import { TelemetryMessage } from './messages';
import { channelFilter, parseSiteTopic, siteTopic, TopicChannel, topicMatches } from './topics';

const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,20}$/);

describe('topics', () => {
  test.prop([id, id])(
    'a site topic parses back to its org and site and matches the channel filter',
    (org, site) => {
      const topic = siteTopic(org, site, TopicChannel.telemetry);
      expect(parseSiteTopic(topic)).toEqual({ orgId: org, siteId: site, channel: 'telemetry' });
      expect(topicMatches(channelFilter(TopicChannel.telemetry), topic)).toBe(true);
    },
  );

  it('matches MQTT wildcards as a broker does', () => {
    expect(topicMatches('a/+/c', 'a/b/c')).toBe(true);
    expect(topicMatches('a/+/c', 'a/b/c/d')).toBe(false);
    expect(topicMatches('a/#', 'a/b/c')).toBe(true);
    expect(topicMatches('a/+', 'a')).toBe(false);
    expect(parseSiteTopic('ampfleet/v1/org/site')).toBeUndefined();
    expect(parseSiteTopic('other/v1/org/site/telemetry')).toBeUndefined();
  });
});

describe('IoT rules list', () => {
  it('gives every rule SQL over its own filter and an event with the topic', () => {
    for (const rule of iotRules) {
      const where = rule.messageTypes
        ? ` WHERE ${rule.messageTypes.map((t) => `type = '${t}'`).join(' OR ')}`
        : '';
      expect(ruleSql(rule)).toBe(
        `SELECT *, topic() AS topic, timestamp() AS receivedAt FROM '${rule.topicFilter}'${where}`,
      );
      expect(rule.ruleName).toMatch(/^[a-zA-Z0-9_]+$/);
    }
    expect(ruleEvent({ a: 1 }, 't/x', 5)).toEqual({ a: 1, topic: 't/x', receivedAt: 5 });
  });

  it("filters on the payload's kind as the SQL does: the twin's rule takes 'dlmState' only", () => {
    const twin = iotRules.find((r) => r.handlerModule === 'load-twin');
    expect(twin && ruleSql(twin)).toMatch(/ WHERE type = 'dlmState'$/);
    expect(twin && ruleTakes(twin, { type: 'dlmState' })).toBe(true);
    expect(twin && ruleTakes(twin, { type: 'siteMeter' })).toBe(false);
    expect(ruleTakes({}, { type: 'siteMeter' })).toBe(true);
  });
});

describe('table keys', () => {
  test.prop([id, id, id])(
    'keep tenants apart: keys of one org never equal or prefix-match another org',
    (a, b, site) => {
      fc.pre(a !== b);
      expect(tableKeys.site(a, site).pk).not.toBe(tableKeys.site(b, site).pk);
      expect(tableKeys.site(a, site).gsi2sk.startsWith(tableKeys.orgSites(b).gsi2skPrefix)).toBe(false);
      expect(tableKeys.site(a, site).gsi2sk.startsWith(tableKeys.orgSites(a).gsi2skPrefix)).toBe(true);
    },
  );

  it('index only site items, by their keys: what telemetry updates is in no index', () => {
    expect(tableKeys.site('o', 's').gsi2pk).toBe(EntityType.site);
    expect(tableKeySchema.globalSecondaryIndexes.map((g) => g.projection)).toEqual(['KEYS_ONLY']);
    for (const key of [
      tableKeys.chargePoint('o', 's', 'c'),
      tableKeys.connector('o', 's', 'c', 1),
      tableKeys.dlmNetwork('o', 's', 'n'),
      tableKeys.message('m'),
    ])
      expect(Object.keys(key)).toEqual(['pk', 'sk']);
    expect(tableKeys.connector('o', 's', 'c', 2).sk).toBe('CP#c#C#02');
  });
});

describe('telemetry contract', () => {
  it('accepts a meter values message and refuses out-of-range currents', () => {
    const ok = {
      v: 1,
      messageId: 'abcdef12',
      chargePointId: 'cp-1',
      observedAt: '2026-11-24T10:00:00.000Z',
      type: 'meterValues',
      connectorId: 1,
      currentImport: { l1: 1, l2: 2, l3: 3 },
      currentOffered: { l1: 16, l2: 16, l3: 16 },
    };
    expect(TelemetryMessage.safeParse(ok).success).toBe(true);
    const bad = TelemetryMessage.safeParse({ ...ok, currentImport: { l1: 1, l2: 99999, l3: 0 } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['currentImport', 'l2']);
  });
});
