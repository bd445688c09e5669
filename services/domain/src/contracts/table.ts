// The one DynamoDB table (single-table design). Defined once: infra deploys it from here, the local
// runtime creates it from here, adapters build every key with the functions below.
//
// Items (pk / sk)                                         gsi2 (sites by organisation, KEYS_ONLY)
//   site        ORG#<org>#SITE#<site> / SITE                SITE / ORG#<org>#SITE#<site>
//   chargePoint ORG#<org>#SITE#<site> / CP#<cp>             (not indexed; written by boot reports)
//   connector   ORG#<org>#SITE#<site> / CP#<cp>#C#<nn>      (not indexed)
//   dlmNetwork  ORG#<org>#SITE#<site> / DLM#<net>           (not indexed)
//   transaction ORG#<org>#SITE#<site> / TX#<startedAt>#<id> (not indexed; key in transactions.ts)
//   message     MSG#<messageId> / MSG                       (not indexed; expires through the TTL attribute)
//   member      ORG#<org>#MEMBERS / USER#<userId>           (not indexed; role + assigned sites of one person)
//   API key     APIKEY#<keyId> / APIKEY                     (not indexed; the key's org, scopes, rate, secret hash)
//               ORG#<org>#APIKEYS / KEY#<keyId>             (the same record, for the org's key list)
//   rate window RATE#<subject> / <window start, epoch s>     (not indexed; a fixed-window counter, expires by TTL)
//   audit entry ORG#<org>#AUDIT / <at>#<entryId>            (not indexed; append-only)
//   desired cfg ORG#<org>#SITE#<site> / CONFIG#DESIRED      (not indexed; the head: the latest version, written
//                                                            in the same transaction as that version)
//   cfg version ORG#<org>#SITE#<site> / CONFIG#V#<0000000001> (not indexed; one saved version: Site JSON without
//                                                            secrets, sealed secrets, author, time, comment, diff)
//   reported cfg ORG#<org>#SITE#<site> / CONFIG#REPORTED#<cp> (not indexed; the ECU's latest 'reportedConfig'
//                                                            snapshot, ordered by readOrder; a site's = Query
//                                                            pk, sk begins_with CONFIG#REPORTED#)
//   audit result ORG#<org>#SITE#<site> / CONFIG#AUDIT       (not indexed; findings + drift stored by the audit-drift
//                                                            handler, with their basis and the site's roll-up contribution)
//   cfg roll-up ORG#<org>#FLEET / CONFIG#ROLLUP             (not indexed; the org's findings/drift/firmware counters,
//                                                            ADDed to by each site's change — never a scan)
//   command     ORG#<org>#SITE#<site> / CMD#<commandId>     (not indexed; a site's commands = Query pk, sk begins_with CMD#;
//                                                            expire through the TTL attribute)
//   apply run   ORG#<org>#SITE#<site> / DRIFTAPPLY#RUN#<runId> (not indexed; one drift.applyDesired run: plan + command ids;
//               ORG#<org>#SITE#<site> / DRIFTAPPLY#LATEST       expires through the TTL attribute; LATEST names the newest run)
//   load ctl    ORG#<org>#SITE#<site> / LOADCTL#SETTINGS   (not indexed; limits, schedule, dimming, peak cap + version)
//               ORG#<org>#SITE#<site> / LOADCTL#COMMANDED  (not indexed; the limits the controller last commanded)
//               LOADCTL#SITES / ORG#<org>#SITE#<site>      (not indexed; the sites the every-minute control run visits)
//   dim log     ORG#<org>#SITE#<site>#DIMLOG / <at>#<id>    (not indexed; §14a dimming start/end, append-only)
//   load twin   ORG#<org>#SITE#<site> / TWIN                (not indexed; the allocation twin's state: windows, findings,
//                                                            plug-in times, predictions — load/twin-evaluate.ts)
//   load bucket ORG#<org>#SITE#<site>#LOAD#<net> / <minute> (not indexed; one DLM network's load in one UTC minute,
//                                                            'YYYY-MM-DDTHH:MM'; a range = Query pk, sk BETWEEN;
//                                                            expires through the TTL attribute after 35 days.
//                                                            Its own partition, so readers of the site partition
//                                                            never page through 43,200 buckets per network)
//   rollout     ORG#<org>#ROLLOUT#<id> / ROLLOUT             (not indexed; a bulk rollout: change, creator, status, cap)
//   rollout site ORG#<org>#ROLLOUT#<id> / SITE#<00000 index>  (not indexed; one selected site's state, version, commands,
//                                                            per-ECU results; a rollout = Query pk)
//   rollout ref ORG#<org>#ROLLOUTS / <createdAt>#<id>        (not indexed; the organisation's rollouts, newest last)
//   active      ROLLOUTS#ACTIVE / ORG#<org>#ROLLOUT#<id>     (not indexed; the runner's work list, removed when finished)
//   load hour   ORG#<org>#SITE#<site>#LOADH#<net> / <hour>  (not indexed; the same sums over one UTC hour
//                                                            'YYYY-MM-DDTHH', ADDed in the same transaction;
//                                                            expires after 400 days; load/hour-bucket.ts)
//   energy day  ORG#<org>#SITE#<site>#ENERGY / <day>#<cp>#<nn> (not indexed; one connector's energy register
//                                                            on one UTC day, first and last reading; a range of
//                                                            days = Query pk, sk BETWEEN; expires after 400 days)
//
// Access patterns: a site and everything under it = Query pk; an organisation's sites = Query gsi2
// 'SITE' begins_with ORG#<org>#SITE# (tenancy: every console/API read goes through an org key), then
// BatchGet of the site items; fleet-wide counts for health = the same over all organisations; dedup =
// conditional put of MSG#.
//
// Why only the site item is indexed, and only by its keys: every telemetry message updates its site
// item (the list's per-charge-point summary) and a charge point's or connector's item. DynamoDB bills
// an index write whenever a write changes an item's index key or a projected attribute (Developer
// Guide, "Provisioned throughput considerations for global secondary indexes"), so with ALL
// projections each message cost 2–5 index writes. The index keys are set once (if_not_exists) and
// nothing else is projected: a message writes no index at all; the readers pay a BatchGet instead.

export const TABLE_BASE_NAME = 'ampfleet';

export const tableKeySchema = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  /** The table stream feeds the audit-drift handler, which reads only keys (handlers.ts 'tableStream'). */
  streamViewType: 'KEYS_ONLY',
  globalSecondaryIndexes: [
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', projection: 'KEYS_ONLY' },
  ],
} as const;

export const EntityType = {
  site: 'SITE',
  chargePoint: 'CP',
  connector: 'CONN',
  dlmNetwork: 'DLM',
  message: 'MSG',
  command: 'CMD',
  reportedConfig: 'RCFG',
  loadBucket: 'LOAD',
  auditResult: 'AUDIT',
  configRollup: 'CFGROLLUP',
  driftApplyRun: 'DAPPLY',
  rollout: 'ROLLOUT',
  rolloutSite: 'ROLLOUT_SITE',
  loadControl: 'LOADCTL',
  dimmingLog: 'DIMLOG',
  loadTwin: 'TWIN',
  loadHour: 'LOADH',
  energyDay: 'ENERGY',
} as const;
export type EntityType = (typeof EntityType)[keyof typeof EntityType];

/** How long a processed message id is remembered for deduplication (edge journals replay within days). */
export const MESSAGE_DEDUP_TTL_S = 14 * 24 * 3600;

function sitePk(orgId: string, siteId: string): string {
  return `ORG#${orgId}#SITE#${siteId}`;
}
const pad = (n: number): string => String(n).padStart(2, '0');

export const tableKeys = {
  site(orgId: string, siteId: string) {
    return {
      pk: sitePk(orgId, siteId),
      sk: 'SITE',
      gsi2pk: EntityType.site,
      gsi2sk: sitePk(orgId, siteId),
    };
  },
  chargePoint(orgId: string, siteId: string, chargePointId: string) {
    return {
      pk: sitePk(orgId, siteId),
      sk: `CP#${chargePointId}`,
    };
  },
  connector(orgId: string, siteId: string, chargePointId: string, connectorId: number) {
    return {
      pk: sitePk(orgId, siteId),
      sk: `CP#${chargePointId}#C#${pad(connectorId)}`,
    };
  },
  /** One DLM network of a site: its latest 'dlmState' and its external meter's latest 'siteMeter'. */
  dlmNetwork(orgId: string, siteId: string, networkId: string) {
    return {
      pk: sitePk(orgId, siteId),
      sk: `DLM#${networkId}`,
    };
  },
  /** The site's allocation twin: one item, written by the twin handler (load/twin-evaluate.ts). */
  loadTwin(orgId: string, siteId: string) {
    return { pk: sitePk(orgId, siteId), sk: 'TWIN' };
  },
  /** One DLM network's load in one UTC minute (`minute` = 'YYYY-MM-DDTHH:MM'); load/minute-bucket.ts. */
  loadBucket(orgId: string, siteId: string, networkId: string, minute: string) {
    return { pk: `${sitePk(orgId, siteId)}#LOAD#${networkId}`, sk: minute };
  },
  /** Key condition value for one DLM network's load buckets (Query pk = :pk AND sk BETWEEN :from AND :to). */
  networkLoad(orgId: string, siteId: string, networkId: string) {
    return { pk: `${sitePk(orgId, siteId)}#LOAD#${networkId}` };
  },
  /** The site's load-control settings (load/control; contracts/load-control.ts). */
  loadControlSettings(orgId: string, siteId: string) {
    return { pk: sitePk(orgId, siteId), sk: 'LOADCTL#SETTINGS' };
  },
  /** The limits the load controller last commanded for the site (per DLM network / charge point). */
  loadControlCommanded(orgId: string, siteId: string) {
    return { pk: sitePk(orgId, siteId), sk: 'LOADCTL#COMMANDED' };
  },
  /** The registry entry of a site with load-control settings (read by the every-minute run). */
  loadControlSite(orgId: string, siteId: string) {
    return { pk: 'LOADCTL#SITES', sk: sitePk(orgId, siteId) };
  },
  loadControlSites() {
    return { pk: 'LOADCTL#SITES' };
  },
  /** One §14a dimming start or end (append-only; the sort key orders by time). */
  dimmingLogEntry(orgId: string, siteId: string, at: string, entryId: string) {
    return { pk: `${sitePk(orgId, siteId)}#DIMLOG`, sk: `${at}#${entryId}` };
  },
  siteDimmingLog(orgId: string, siteId: string) {
    return { pk: `${sitePk(orgId, siteId)}#DIMLOG` };
  },
  /** One DLM network's load over one UTC hour (`hour` = 'YYYY-MM-DDTHH'); load/hour-bucket.ts. */
  loadHour(orgId: string, siteId: string, networkId: string, hour: string) {
    return { pk: `${sitePk(orgId, siteId)}#LOADH#${networkId}`, sk: hour };
  },
  /** Key condition value for one DLM network's hour aggregates (sk BETWEEN two hours). */
  networkLoadHours(orgId: string, siteId: string, networkId: string) {
    return { pk: `${sitePk(orgId, siteId)}#LOADH#${networkId}` };
  },
  /** One connector's energy register on one UTC day (`day` = 'YYYY-MM-DD'); load/energy-day.ts. */
  energyDay(orgId: string, siteId: string, day: string, chargePointId: string, connectorId: number) {
    return { pk: `${sitePk(orgId, siteId)}#ENERGY`, sk: `${day}#${chargePointId}#${pad(connectorId)}` };
  },
  /** Key condition value for a site's energy days (sk BETWEEN '<from>' AND '<to>#~'). */
  siteEnergyDays(orgId: string, siteId: string) {
    return { pk: `${sitePk(orgId, siteId)}#ENERGY` };
  },
  /** The head of the site's desired configuration: a copy of the latest version; not indexed. */
  desiredSiteConfig(orgId: string, siteId: string) {
    return { pk: sitePk(orgId, siteId), sk: 'CONFIG#DESIRED' };
  },
  /** One saved version of the site's desired configuration (zero-padded so versions sort). */
  desiredConfigVersion(orgId: string, siteId: string, version: number) {
    return { pk: sitePk(orgId, siteId), sk: `CONFIG#V#${String(version).padStart(10, '0')}` };
  },
  /** Key condition values for the site's desired-configuration versions. */
  siteDesiredConfigVersions(orgId: string, siteId: string) {
    return { pk: sitePk(orgId, siteId), skPrefix: 'CONFIG#V#' };
  },
  /** One ECU's latest reported configuration (reported-config.ts); not indexed. */
  reportedConfig(orgId: string, siteId: string, chargePointId: string) {
    return { pk: sitePk(orgId, siteId), sk: `CONFIG#REPORTED#${chargePointId}` };
  },
  /** Key condition values for the reported configurations of all of a site's ECUs. */
  siteReportedConfigs(orgId: string, siteId: string) {
    return { pk: sitePk(orgId, siteId), skPrefix: 'CONFIG#REPORTED#' };
  },
  /** The site's stored audit findings and drift (audit-drift handler); not indexed. */
  siteAuditResult(orgId: string, siteId: string) {
    return { pk: sitePk(orgId, siteId), sk: 'CONFIG#AUDIT' };
  },
  /** The organisation's configuration roll-up counters (fleet/config-rollup.ts). */
  orgConfigRollup(orgId: string) {
    return { pk: `ORG#${orgId}#FLEET`, sk: 'CONFIG#ROLLUP' };
  },
  /** A command sent to one of the site's charge points, with its status. */
  command(orgId: string, siteId: string, commandId: string) {
    return { pk: sitePk(orgId, siteId), sk: `CMD#${commandId}` };
  },
  /** One "apply desired" run of a site (drift.applyDesired): the plan and the command ids, written once. */
  driftApplyRun(orgId: string, siteId: string, runId: string) {
    return { pk: sitePk(orgId, siteId), sk: `DRIFTAPPLY#RUN#${runId}` };
  },
  /** The site's latest apply run (a second apply while it is in flight returns it: idempotent). */
  driftApplyLatest(orgId: string, siteId: string) {
    return { pk: sitePk(orgId, siteId), sk: 'DRIFTAPPLY#LATEST' };
  },
  /** Key condition values for all of a site's commands (Query pk = :pk AND begins_with(sk, :prefix)). */
  siteCommands(orgId: string, siteId: string) {
    return { pk: sitePk(orgId, siteId), skPrefix: 'CMD#' };
  },
  /** A bulk configuration rollout of the organisation (issue #12 point 5). */
  rollout(orgId: string, rolloutId: string) {
    return { pk: `ORG#${orgId}#ROLLOUT#${rolloutId}`, sk: 'ROLLOUT' };
  },
  /** One selected site of a rollout, by its position in the selection (zero-padded so sites keep their order). */
  rolloutSite(orgId: string, rolloutId: string, index: number) {
    return { pk: `ORG#${orgId}#ROLLOUT#${rolloutId}`, sk: `SITE#${String(index).padStart(5, '0')}` };
  },
  /** The rollout's entry in the organisation's rollout list. */
  orgRollout(orgId: string, createdAt: string, rolloutId: string) {
    return { pk: `ORG#${orgId}#ROLLOUTS`, sk: `${createdAt}#${rolloutId}` };
  },
  orgRollouts(orgId: string) {
    return { pk: `ORG#${orgId}#ROLLOUTS` };
  },
  /** A rollout the runner still has to advance (every organisation's, one partition: few at a time). */
  activeRollout(orgId: string, rolloutId: string) {
    return { pk: 'ROLLOUTS#ACTIVE', sk: `ORG#${orgId}#ROLLOUT#${rolloutId}` };
  },
  activeRollouts() {
    return { pk: 'ROLLOUTS#ACTIVE' };
  },
  message(messageId: string) {
    return { pk: `MSG#${messageId}`, sk: 'MSG' };
  },
  /** A person's membership of an organisation (role, assigned sites). */
  member(orgId: string, userId: string) {
    return { pk: `ORG#${orgId}#MEMBERS`, sk: `USER#${userId}` };
  },
  orgMembers(orgId: string) {
    return { pk: `ORG#${orgId}#MEMBERS`, skPrefix: 'USER#' };
  },
  /** A partner API key, found by its public id when a request presents it. */
  apiKey(keyId: string) {
    return { pk: `APIKEY#${keyId}`, sk: 'APIKEY' };
  },
  /** The same key record in its organisation's key list. */
  orgApiKey(orgId: string, keyId: string) {
    return { pk: `ORG#${orgId}#APIKEYS`, sk: `KEY#${keyId}` };
  },
  orgApiKeys(orgId: string) {
    return { pk: `ORG#${orgId}#APIKEYS`, skPrefix: 'KEY#' };
  },
  /** A fixed-window request counter (API key rates, failed sign-ins); `subject` names what is counted. */
  rateWindow(subject: string, windowStartEpochS: number) {
    return { pk: `RATE#${subject}`, sk: String(windowStartEpochS) };
  },
  /** One entry of the organisation's audit trail; the sort key orders by time. */
  auditEntry(orgId: string, at: string, entryId: string) {
    return { pk: `ORG#${orgId}#AUDIT`, sk: `${at}#${entryId}` };
  },
  orgAuditTrail(orgId: string) {
    return { pk: `ORG#${orgId}#AUDIT` };
  },
  /** Key condition values for an organisation's site items in gsi2 (gsi2pk = :t AND begins_with(gsi2sk, :prefix)). */
  orgSites(orgId: string) {
    return { gsi2pk: EntityType.site, gsi2skPrefix: sitePk(orgId, '') };
  },
  /** Key condition value for every organisation's site items in gsi2 (health counts). */
  allSites() {
    return { gsi2pk: EntityType.site };
  },
} as const;

/** The sort keys whose changes the audit-drift handler follows (the table stream's filter). */
export const configChangeSortKeys = {
  desiredHead: 'CONFIG#DESIRED',
  reportedPrefix: 'CONFIG#REPORTED#',
} as const;

/** The organisation and site of a site partition key (ORG#<org>#SITE#<site>), else undefined. */
export function siteOfPartitionKey(pk: string): { orgId: string; siteId: string } | undefined {
  const m = /^ORG#([^#]+)#SITE#([^#]+)$/.exec(pk);
  return m?.[1] && m[2] ? { orgId: m[1], siteId: m[2] } : undefined;
}

/** How long a command record is kept after it was issued. */
export const COMMAND_RECORD_TTL_S = 90 * 24 * 3600;

export type ItemKey = { pk: string; sk: string };

/** Physical table name per stage, e.g. ampfleet-local, ampfleet-prod. */
export function tableName(stage: string): string {
  return `${TABLE_BASE_NAME}-${stage}`;
}
