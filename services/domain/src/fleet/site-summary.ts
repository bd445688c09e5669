import { z } from 'zod';
import type { Finding } from '../audit/finding';
import type { PhaseCurrents, TelemetryMessage } from '../contracts/telemetry';
import type { SiteDriftReport } from '../drift/rollup';

// The site list's row, kept cheap: the ingest writes each charge point's freshness, connector
// statuses, load and firmware as flat string attributes of the SITE item (same transaction, no read),
// and the counts are derived here at read time — so listing 2,000 sites reads 2,000 items, not 20,000.
// Few attributes, all strings: DynamoDB (Local most of all) reads time grows with the attribute count.

const SEEN = 'cpSeen#';
const STATUS = 'cpS#';
const LOAD = 'cpL#';
const FIRMWARE = 'cpFw#';

/** Attribute names on the site item (the charge point id is the segment after the prefix). */
export const siteSummaryAttribute = {
  seenAt: (chargePointId: string) => `${SEEN}${chargePointId}`,
  /** '<observedAt>|<status>': ordered by its own time prefix (ISO times compare as strings). */
  status: (chargePointId: string, connectorId: number) => `${STATUS}${chargePointId}#${connectorId}`,
  /** '<observedAt>|<l1>,<l2>,<l3>' (A drawn). */
  load: (chargePointId: string, connectorId: number) => `${LOAD}${chargePointId}#${connectorId}`,
  firmware: (chargePointId: string) => `${FIRMWARE}${chargePointId}`,
} as const;

/**
 * What one charge point message writes on its site's item for the list, and the attribute that
 * orders it (the guard `attribute <= at`): a connector's status and load carry their own time as a
 * prefix, so each is ordered like the connector item it mirrors, and a message is never dropped from
 * the list because another charge point's newer message landed first (different clocks). The
 * freshness marks it also sets (cpSeen, lastTelemetryAt) may step back by that clock skew.
 */
export function siteSummaryUpdate(
  message: TelemetryMessage,
): { orderedBy: string; at: string; set: Record<string, unknown> } | undefined {
  if (message.type === 'dlmState' || message.type === 'siteMeter' || message.type === 'commandResult')
    return undefined;
  const cp = message.chargePointId;
  const at = message.observedAt;
  const fresh = { lastTelemetryAt: at, [siteSummaryAttribute.seenAt(cp)]: at };
  if (message.type === 'status')
    return {
      orderedBy: siteSummaryAttribute.status(cp, message.connectorId),
      at: `${at}|${message.status}`,
      set: fresh,
    };
  if (message.type === 'meterValues') {
    const { l1, l2, l3 } = message.currentImport;
    return {
      orderedBy: siteSummaryAttribute.load(cp, message.connectorId),
      at: `${at}|${l1},${l2},${l3}`,
      set: fresh,
    };
  }
  return {
    orderedBy: siteSummaryAttribute.seenAt(cp),
    at,
    set: {
      lastTelemetryAt: at,
      ...(message.type === 'boot' &&
        message.firmwareVersion !== undefined && {
          [siteSummaryAttribute.firmware(cp)]: message.firmwareVersion,
        }),
    },
  };
}

export const ChargePointCounts = z.object({
  total: z.number().int(),
  online: z.number().int(),
  offline: z.number().int(),
  charging: z.number().int(),
  faulted: z.number().int(),
});
export type ChargePointCounts = z.infer<typeof ChargePointCounts>;

export const SiteFindingCounts = z.object({ errors: z.number().int(), warnings: z.number().int() });
export type SiteFindingCounts = z.infer<typeof SiteFindingCounts>;

/** One row of the site list (sites.list). */
export const SiteSummary = z.object({
  siteId: z.string(),
  name: z.string(),
  address: z.string().optional(),
  tags: z.array(z.string()),
  /** The site's IANA time zone (from its configuration): the console shows the site's times in it. */
  timeZone: z.string().optional(),
  counts: ChargePointCounts,
  /** Firmware versions at the site: from its configuration and the charge points' boot reports. */
  firmware: z.array(z.string()),
  /** Audit findings of the site's configuration at registration (§ rules in services/domain/audit). */
  findings: SiteFindingCounts.optional(),
  /** Audit rules with a finding at the site (the audit-drift handler's last result; absent before it). */
  auditRules: z.array(z.string()).optional(),
  /** Catalog parameters with a finding or drift at the site (same source). */
  auditParameters: z.array(z.string()).optional(),
  /** ECUs whose reported configuration drifts from the desired one (same source). */
  driftedEcus: z.number().int().optional(),
  /** Busiest grid phase's summed charging current (A). */
  currentLoadA: z.number().optional(),
  lastTelemetryAt: z.string().optional(),
});
export type SiteSummary = z.infer<typeof SiteSummary>;

/** The site item as the list reads it: registration fields plus the flat per-charge-point attributes. */
export type SiteItem = Record<string, unknown> & { siteId: string };

/**
 * What the audit-drift handler writes on the SITE item with each stored audit (same transaction), so the
 * list filters by rule, parameter, findings and drift from the site items it reads anyway — no read per
 * site. The sets are DynamoDB string sets, which cannot be empty: an empty one is REMOVEd, so a cleared
 * finding leaves the filter at once.
 */
export const siteAuditAttribute = {
  rules: 'auditRules',
  parameters: 'auditParams',
  findings: 'findings',
  driftedEcus: 'driftedEcus',
} as const;

export interface SiteAuditFacets {
  /** Rule ids with at least one finding, sorted. */
  rules: string[];
  /** Catalog parameter keys a finding targets or an ECU drifts in, sorted. */
  parameters: string[];
  findings: SiteFindingCounts;
  driftedEcus: number;
}

export function siteAuditFacets(
  findings: readonly Pick<Finding, 'ruleId' | 'severity' | 'target'>[],
  drift: Pick<SiteDriftReport, 'ecus' | 'counts'>,
): SiteAuditFacets {
  const rules = new Set<string>();
  const parameters = new Set<string>();
  const counts = { errors: 0, warnings: 0 };
  for (const f of findings) {
    rules.add(f.ruleId);
    if (f.target.kind === 'parameter') parameters.add(f.target.parameter);
    if (f.severity === 'error') counts.errors++;
    if (f.severity === 'warning') counts.warnings++;
  }
  for (const ecu of drift.ecus) for (const entry of ecu.drift?.drifted ?? []) parameters.add(entry.key);
  return {
    rules: [...rules].sort(),
    parameters: [...parameters].sort(),
    findings: counts,
    driftedEcus: drift.counts.drifted,
  };
}

/** A string set as the document client reads it (a Set), or a list; anything else is empty. */
function strings(v: unknown): string[] | undefined {
  if (v instanceof Set || Array.isArray(v))
    return [...(v as Iterable<unknown>)].filter((s): s is string => typeof s === 'string').sort();
  return undefined;
}

/** A charge point is online while its last message is younger than this many heartbeat intervals. */
export const ONLINE_HEARTBEATS = 3;

interface ChargePointSummary {
  seenAt?: string;
  statuses: string[];
  load: PhaseCurrents;
  firmware?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Splits '<cp>#<connector>' after a prefix; charge point ids contain no '#'. */
function chargePointOf(attribute: string, prefix: string): string {
  const rest = attribute.slice(prefix.length);
  const hash = rest.indexOf('#');
  return hash < 0 ? rest : rest.slice(0, hash);
}

function chargePointsOf(item: SiteItem): Map<string, ChargePointSummary> {
  const cps = new Map<string, ChargePointSummary>();
  const get = (id: string) => {
    let cp = cps.get(id);
    if (!cp) cps.set(id, (cp = { statuses: [], load: { l1: 0, l2: 0, l3: 0 } }));
    return cp;
  };
  const after = (v: unknown): string | undefined => {
    const text = str(v);
    const bar = text?.indexOf('|') ?? -1;
    return text !== undefined && bar >= 0 ? text.slice(bar + 1) : undefined;
  };
  for (const [attribute, value] of Object.entries(item)) {
    if (attribute.startsWith(SEEN)) get(chargePointOf(attribute, SEEN)).seenAt = str(value);
    else if (attribute.startsWith(STATUS)) {
      const status = after(value);
      if (status) get(chargePointOf(attribute, STATUS)).statuses.push(status);
    } else if (attribute.startsWith(LOAD)) {
      const [l1, l2, l3] = (after(value) ?? '').split(',').map(Number);
      const load = get(chargePointOf(attribute, LOAD)).load;
      load.l1 += num(l1);
      load.l2 += num(l2);
      load.l3 += num(l3);
    } else if (attribute.startsWith(FIRMWARE)) get(chargePointOf(attribute, FIRMWARE)).firmware = str(value);
  }
  return cps;
}

/**
 * The charge points a site item's summary names, each with its last-seen mark. Every charge point
 * message writes the summary, so this is every charge point the site has heard from — the site page
 * and the health count read it instead of a per-message write of each charge point's own item.
 */
export function chargePointsSeen(item: SiteItem): Map<string, string | undefined> {
  return new Map([...chargePointsOf(item)].map(([id, cp]) => [id, cp.seenAt]));
}

/** The list row of one site item: counts derived now (online = seen within 3 heartbeats). */
export function summarizeSite(
  item: SiteItem,
  options: { now: Date; heartbeatIntervalS: number },
): SiteSummary {
  const onlineAfter = options.now.getTime() - ONLINE_HEARTBEATS * options.heartbeatIntervalS * 1000;
  const counts: ChargePointCounts = { total: 0, online: 0, offline: 0, charging: 0, faulted: 0 };
  const firmware = new Set(
    Array.isArray(item.firmware) ? item.firmware.filter((f) => typeof f === 'string') : [],
  );
  const load = { l1: 0, l2: 0, l3: 0 };
  let hasLoad = false;
  for (const cp of chargePointsOf(item).values()) {
    counts.total++;
    const online = cp.seenAt !== undefined && Date.parse(cp.seenAt) >= onlineAfter;
    if (online) counts.online++;
    else counts.offline++;
    if (online && cp.statuses.includes('Charging')) counts.charging++;
    if (cp.statuses.includes('Faulted')) counts.faulted++;
    if (cp.firmware) firmware.add(cp.firmware);
    // A charge point that went offline draws nothing we can vouch for.
    if (!online) continue;
    hasLoad = true;
    load.l1 += cp.load.l1;
    load.l2 += cp.load.l2;
    load.l3 += cp.load.l3;
  }
  const findings = item.findings as SiteFindingCounts | undefined;
  const address = str(item.address);
  const lastTelemetryAt = str(item.lastTelemetryAt);
  const timeZone = str(item.timeZone);
  const audited = typeof item[siteAuditAttribute.driftedEcus] === 'number';
  return {
    siteId: item.siteId,
    name: str(item.name) ?? item.siteId,
    ...(address !== undefined && { address }),
    tags: Array.isArray(item.tags) ? item.tags.filter((t): t is string => typeof t === 'string') : [],
    ...(timeZone !== undefined && { timeZone }),
    counts,
    firmware: [...firmware].sort(),
    ...(findings && { findings: { errors: num(findings.errors), warnings: num(findings.warnings) } }),
    ...(audited && {
      auditRules: strings(item[siteAuditAttribute.rules]) ?? [],
      auditParameters: strings(item[siteAuditAttribute.parameters]) ?? [],
      driftedEcus: num(item[siteAuditAttribute.driftedEcus]),
    }),
    ...(hasLoad && { currentLoadA: Math.round(Math.max(load.l1, load.l2, load.l3) * 10) / 10 }),
    ...(lastTelemetryAt !== undefined && { lastTelemetryAt }),
  };
}
