import {
  fieldIssues,
  OrgId,
  parseSiteTopic,
  SiteId,
  TelemetryMessage,
  type FieldIssue,
} from '@ampfleet/domain';

// A telemetry rule event (the IoT rule's SELECT *, topic() AS topic, timestamp() AS receivedAt) → the
// organisation and site of its topic and the valid message, or the issues naming the bad field. One
// parser for every handler fed by the telemetry topic (ingest, the twin).

export type ParsedRuleEvent =
  | { ok: true; orgId: string; siteId: string; message: TelemetryMessage }
  | { ok: false; issues: FieldIssue[]; topic?: unknown };

export function parseTelemetryRuleEvent(event: unknown): ParsedRuleEvent {
  if (typeof event !== 'object' || event === null || Array.isArray(event))
    return { ok: false, issues: [{ path: '(root)', message: 'payload is not a JSON object' }] };
  const { topic, receivedAt: _receivedAt, ...payload } = event as Record<string, unknown>;
  const rejected = (issues: FieldIssue[]): ParsedRuleEvent => ({ ok: false, issues, topic });
  const place = typeof topic === 'string' ? parseSiteTopic(topic) : undefined;
  if (!place) return rejected([{ path: 'topic', message: 'not an ampfleet site topic' }]);
  const org = OrgId.safeParse(place.orgId);
  const site = SiteId.safeParse(place.siteId);
  if (!org.success || !site.success) return rejected([{ path: 'topic', message: 'invalid org or site id' }]);
  const message = TelemetryMessage.safeParse(payload);
  if (!message.success) return rejected(fieldIssues(message.error));
  return { ok: true, orgId: org.data, siteId: site.data, message: message.data };
}
