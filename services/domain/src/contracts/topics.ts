// MQTT topic names: defined once, used by the edge agent, the IoT rules (infra), the local router and tests.
// Layout: ampfleet/v1/<orgId>/<siteId>/<channel>. In AWS IoT the thing policy pins <orgId>/<siteId>
// to the connected certificate, so the topic is the trusted source of a message's tenant and site.

export const TOPIC_ROOT = 'ampfleet/v1';

export const TopicChannel = {
  telemetry: 'telemetry',
  /** Cloud → edge: commands for the site's charge points (contracts/commands.ts). */
  commands: 'commands',
} as const;
export type TopicChannel = (typeof TopicChannel)[keyof typeof TopicChannel];

export function siteTopic(orgId: string, siteId: string, channel: TopicChannel): string {
  return `${TOPIC_ROOT}/${orgId}/${siteId}/${channel}`;
}

/** Topic filter matching one channel of every site of every organisation. */
export function channelFilter(channel: TopicChannel): string {
  return `${TOPIC_ROOT}/+/+/${channel}`;
}

export interface ParsedSiteTopic {
  orgId: string;
  siteId: string;
  channel: string;
}

export function parseSiteTopic(topic: string): ParsedSiteTopic | undefined {
  const parts = topic.split('/');
  if (parts.length !== 5 || `${parts[0]}/${parts[1]}` !== TOPIC_ROOT) return undefined;
  const [, , orgId, siteId, channel] = parts;
  if (!orgId || !siteId || !channel) return undefined;
  return { orgId, siteId, channel };
}

/** MQTT topic-filter matching ('+' one level, '#' the rest), as the broker and AWS IoT do it. */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}
