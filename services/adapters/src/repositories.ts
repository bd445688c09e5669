import type {
  ApiKeyCreateInput,
  ApiKeyView,
  AuditEntry,
  AuditTrailQuery,
  MemberView,
  Command,
  CommandResultTelemetry,
  DesiredConfigMeta,
  DesiredConfigVersion,
  DlmNetworkRecord,
  EnergyDayItem,
  LoadBucketItem,
  ReportedConfigRecord,
  Site,
  SiteItem,
  TelemetryMessage,
  TransactionRecord,
} from '@ampfleet/domain';
import {
  applyCommandResult,
  createCommandRecord,
  failPendingCommand,
  getCommandRecord,
  listCommandRecords,
  type CommandRecord,
} from './dynamo/command-records';
import {
  readTransactions,
  readTransactionsStartedSince,
  registerSite,
  type FleetSnapshot,
  type SiteRegistration,
} from './dynamo/fleet-reader';
import { createApiKey, listApiKeys, revokeApiKey } from './dynamo/identity/api-keys';
import { appendAuditEntry, listAuditEntries } from './dynamo/identity/audit-trail';
import { deleteMember, getMember, listMembers, putMember, updateMember } from './dynamo/identity/members';
import { readDlmNetworks, readEnergyDays, readLoadBuckets, readLoadHours } from './dynamo/load-reader';
import { readReportedConfigs } from './dynamo/reported-config';
import { listDesiredConfigVersions, readDesiredConfig, saveDesiredConfig } from './dynamo/desired-config';
import { readSiteItems, readSiteSnapshot, siteExists } from './dynamo/site-reader';
import type { FleetStore } from './dynamo/store';
import { applyTelemetry, type ApplyOutcome } from './dynamo/telemetry-writer';

// Repositories bound to ONE organisation: the org id is captured here and every key below is built
// from it, so code above the data layer cannot name another organisation's item. The store lives
// only in these closures — the objects handed out hold functions and the org id, never a client.

export interface OrgRepositories {
  readonly orgId: string;
  readonly sites: {
    /** Every site item of the organisation (registration fields + per-charge-point summary attributes). */
    items(): Promise<SiteItem[]>;
    /** Whether this organisation has the site. */
    exists(siteId: string): Promise<boolean>;
    /** One site with its charge points, connectors and DLM networks; undefined if not this org's. */
    snapshot(siteId: string): Promise<(FleetSnapshot & { site: SiteItem }) | undefined>;
    register(site: Omit<SiteRegistration, 'orgId'>): Promise<void>;
  };
  readonly desiredConfig: {
    /** The head version, or a given one; undefined if the site has none (or is another org's). */
    get(siteId: string, version?: number): Promise<DesiredConfigVersion | undefined>;
    /** Versions newest first (no sites, no secrets), optionally bounded from..to inclusive. */
    history(
      siteId: string,
      options: { limit: number; from?: number; to?: number },
    ): Promise<DesiredConfigMeta[]>;
    /** Writes the next version if the head is at `baseVersion` (undefined: none yet); else 'conflict', nothing written. */
    save(
      siteId: string,
      record: DesiredConfigVersion,
      baseVersion: number | undefined,
    ): Promise<'saved' | 'conflict'>;
  };
  readonly chargePoints: {
    /** The site's charge points with their connectors; [] for a site of another organisation. */
    ofSite(siteId: string): Promise<Pick<FleetSnapshot, 'chargePoints' | 'connectors'>>;
  };
  readonly commands: {
    create(siteId: string, command: Command, nowEpochS: number): Promise<CommandRecord>;
    get(siteId: string, commandId: string): Promise<CommandRecord | undefined>;
    list(siteId: string, limit: number): Promise<CommandRecord[]>;
    failPending(siteId: string, commandId: string, detail: string, at: string): Promise<void>;
    applyResult(siteId: string, result: CommandResultTelemetry, nowEpochS: number): Promise<ApplyOutcome>;
  };
  readonly transactions: {
    list(siteId: string, limit: number): Promise<TransactionRecord[]>;
    /** Transactions keyed at or after `fromIso` (start time as sent; filter on the parsed time), no idTags. */
    startedSince(siteId: string, fromIso: string): Promise<TransactionRecord[]>;
  };
  readonly telemetry: {
    apply(siteId: string, message: TelemetryMessage, nowEpochS: number): Promise<ApplyOutcome>;
  };
  readonly members: {
    get(userId: string): Promise<MemberView | undefined>;
    list(): Promise<MemberView[]>;
    /** false if the person is a member already (nothing written). */
    add(member: MemberView): Promise<boolean>;
    update(change: Pick<MemberView, 'userId' | 'role' | 'siteIds'>): Promise<MemberView | undefined>;
    remove(userId: string): Promise<MemberView | undefined>;
  };
  readonly apiKeys: {
    /** Returns the whole key once; only its hash is stored. */
    create(
      input: ApiKeyCreateInput & { createdBy: string; createdAt: string },
    ): Promise<{ key: string; view: ApiKeyView }>;
    list(): Promise<ApiKeyView[]>;
    revoke(keyId: string, revokedAt: string): Promise<ApiKeyView | undefined>;
  };
  readonly auditTrail: {
    /** Append-only: an entry is written once and never changed. */
    append(entry: AuditEntry): Promise<void>;
    list(
      query: Required<Pick<AuditTrailQuery, 'limit'>> & Omit<AuditTrailQuery, 'limit'>,
    ): Promise<{ items: AuditEntry[]; nextCursor?: string }>;
  };
  readonly load: {
    /** The latest DLM state and meter reading of each of the site's DLM networks; [] for another org's site. */
    networks(siteId: string): Promise<DlmNetworkRecord[]>;
    /** The site's stored desired configuration (no credentials), if any. */
    desiredConfig(siteId: string): Promise<Site | undefined>;
    /** One DLM network's 1-minute load buckets of a range of UTC minutes (inclusive), one Query. */
    buckets(
      siteId: string,
      range: { networkId: string; fromMinute: string; toMinute: string },
    ): Promise<LoadBucketItem[]>;
    /** One DLM network's hour aggregates of a range of UTC hours 'YYYY-MM-DDTHH' (inclusive), one Query. */
    hours(
      siteId: string,
      range: { networkId: string; fromHour: string; toHour: string },
    ): Promise<LoadBucketItem[]>;
    /** The site's energy-register day items of a range of UTC days (inclusive), one Query. */
    energyDays(siteId: string, range: { fromDay: string; toDay: string }): Promise<EnergyDayItem[]>;
  };
  readonly reportedConfig: {
    /**
     * The latest reported configuration of each of the site's ECUs that has reported one, by charge
     * point id (written by the ingest of 'reportedConfig' snapshots); [] for a site of another org.
     */
    get(siteId: string): Promise<ReportedConfigRecord[]>;
  };
}

export function forOrg(orgId: string, store: FleetStore): OrgRepositories {
  const { doc, table } = store;
  return Object.freeze({
    orgId,
    sites: Object.freeze({
      items: () => readSiteItems(doc, table, orgId),
      exists: (siteId: string) => siteExists(doc, table, orgId, siteId),
      snapshot: (siteId: string) => readSiteSnapshot(doc, table, orgId, siteId),
      register: (site: Omit<SiteRegistration, 'orgId'>) => registerSite(doc, table, { ...site, orgId }),
    }),
    desiredConfig: Object.freeze({
      get: (siteId: string, version?: number) => readDesiredConfig(doc, table, orgId, siteId, version),
      history: (siteId: string, options: { limit: number; from?: number; to?: number }) =>
        listDesiredConfigVersions(doc, table, orgId, siteId, options),
      save: (siteId: string, record: DesiredConfigVersion, baseVersion: number | undefined) =>
        saveDesiredConfig(doc, table, orgId, siteId, record, baseVersion),
    }),
    chargePoints: Object.freeze({
      async ofSite(siteId: string) {
        const snapshot = await readSiteSnapshot(doc, table, orgId, siteId);
        return { chargePoints: snapshot?.chargePoints ?? [], connectors: snapshot?.connectors ?? [] };
      },
    }),
    commands: Object.freeze({
      create: (siteId: string, command: Command, nowEpochS: number) =>
        createCommandRecord(doc, table, { orgId, siteId, command, nowEpochS }),
      get: (siteId: string, commandId: string) => getCommandRecord(doc, table, orgId, siteId, commandId),
      list: (siteId: string, limit: number) => listCommandRecords(doc, table, orgId, siteId, limit),
      failPending: (siteId: string, commandId: string, detail: string, at: string) =>
        failPendingCommand(doc, table, { orgId, siteId, commandId }, detail, at),
      applyResult: (siteId: string, result: CommandResultTelemetry, nowEpochS: number) =>
        applyCommandResult(doc, table, { orgId, siteId, result, nowEpochS }),
    }),
    transactions: Object.freeze({
      list: (siteId: string, limit: number) => readTransactions(doc, table, { orgId, siteId, limit }),
      startedSince: (siteId: string, fromIso: string) =>
        readTransactionsStartedSince(doc, table, { orgId, siteId, fromIso }),
    }),
    telemetry: Object.freeze({
      apply: (siteId: string, message: TelemetryMessage, nowEpochS: number) =>
        applyTelemetry(doc, table, { orgId, siteId, message, nowEpochS }),
    }),
    members: Object.freeze({
      get: (userId: string) => getMember(doc, table, orgId, userId),
      list: () => listMembers(doc, table, orgId),
      add: (member: MemberView) => putMember(doc, table, orgId, member),
      update: (change: Pick<MemberView, 'userId' | 'role' | 'siteIds'>) =>
        updateMember(doc, table, orgId, change),
      remove: (userId: string) => deleteMember(doc, table, orgId, userId),
    }),
    apiKeys: Object.freeze({
      create: (input: ApiKeyCreateInput & { createdBy: string; createdAt: string }) =>
        createApiKey(doc, table, orgId, input),
      list: () => listApiKeys(doc, table, orgId),
      revoke: (keyId: string, revokedAt: string) => revokeApiKey(doc, table, orgId, keyId, revokedAt),
    }),
    auditTrail: Object.freeze({
      append: (entry: AuditEntry) => appendAuditEntry(doc, table, orgId, entry),
      list: (query: Required<Pick<AuditTrailQuery, 'limit'>> & Omit<AuditTrailQuery, 'limit'>) =>
        listAuditEntries(doc, table, orgId, query),
    }),
    load: Object.freeze({
      networks: (siteId: string) => readDlmNetworks(doc, table, orgId, siteId),
      // The head version's site (schema-checked, secrets kept apart): the one reader of desired configuration.
      desiredConfig: async (siteId: string) => (await readDesiredConfig(doc, table, orgId, siteId))?.site,
      buckets: (siteId: string, range: { networkId: string; fromMinute: string; toMinute: string }) =>
        readLoadBuckets(doc, table, orgId, siteId, range),
      hours: (siteId: string, range: { networkId: string; fromHour: string; toHour: string }) =>
        readLoadHours(doc, table, orgId, siteId, range),
      energyDays: (siteId: string, range: { fromDay: string; toDay: string }) =>
        readEnergyDays(doc, table, orgId, siteId, range),
    }),
    reportedConfig: Object.freeze({
      get: (siteId: string) => readReportedConfigs(doc, table, orgId, siteId),
    }),
  });
}
