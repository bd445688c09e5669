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
  DriftApplyRun,
  DlmNetworkRecord,
  RolloutRecord,
  RolloutSiteRecord,
  RolloutSiteState,
  RolloutStatus,
  DimmingLogEntry,
  LoadControlSettings,
  EnergyDayItem,
  LoadBucketItem,
  ReportedConfigRecord,
  RollupCounters,
  Site,
  SiteAuditResult,
  StoredSiteAuditResult,
  SiteItem,
  TelemetryMessage,
  TransactionRecord,
  TwinState,
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
import { readLoadTwin, saveLoadTwin, type StoredTwin } from './dynamo/load-twin';
import { readReportedConfigs } from './dynamo/reported-config';
import { readConfigRollup, readSiteAuditResult, storeSiteAuditResult } from './dynamo/config-audit';
import {
  createDriftApplyRun,
  getDriftApplyRun,
  readLatestDriftApplyRunId,
  setDriftApplyEcuOnce,
} from './dynamo/drift-apply-runs';
import * as loadControl from './dynamo/load-control';
import { listDesiredConfigVersions, readDesiredConfig, saveDesiredConfig } from './dynamo/desired-config';
import {
  createRollout,
  listRollouts,
  readRollout,
  retireRollout,
  setRolloutStatus,
  updateRolloutSite,
} from './dynamo/rollouts';
import { readSiteItems, readSiteSnapshot, siteExists } from './dynamo/site-reader';
import { createSiteWithConfig } from './dynamo/site-create';
import type { FleetStore } from './dynamo/store';
import {
  applyTelemetry,
  applyTelemetryBatch,
  type ApplyOutcome,
  type BatchApplyResult,
} from './dynamo/telemetry-writer';
import { secretBoxFromEnv } from './dynamo/kms-secret-box';

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
    /** The site item and version 1 of its desired configuration in one transaction; 'conflict' if the id exists (nothing written). */
    create(
      site: Omit<SiteRegistration, 'orgId'>,
      first: DesiredConfigVersion,
    ): Promise<'created' | 'conflict'>;
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
    /** The organisation's messages in delivery order, in as few transactions as the store allows. */
    applyBatch(
      messages: readonly { siteId: string; message: TelemetryMessage }[],
      nowEpochS: number,
    ): Promise<BatchApplyResult>;
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
    /** The site's allocation twin (windows, findings, predictions) and its revision; undefined if none yet. */
    twin(siteId: string): Promise<StoredTwin | undefined>;
    /** Saves the twin if still at `rev` (undefined: none stored yet); else 'conflict', nothing written. */
    saveTwin(siteId: string, state: TwinState, rev: number | undefined): Promise<'saved' | 'conflict'>;
    /** One DLM network's hour aggregates of a range of UTC hours 'YYYY-MM-DDTHH' (inclusive), one Query. */
    hours(
      siteId: string,
      range: { networkId: string; fromHour: string; toHour: string },
    ): Promise<LoadBucketItem[]>;
    /** The site's energy-register day items of a range of UTC days (inclusive), one Query. */
    energyDays(siteId: string, range: { fromDay: string; toDay: string }): Promise<EnergyDayItem[]>;
  };
  readonly rollouts: {
    /** Stores a new rollout with its sites; 'exists' (nothing changed) if the id is taken. */
    create(rollout: RolloutRecord, sites: readonly RolloutSiteRecord[]): Promise<'created' | 'exists'>;
    get(rolloutId: string): Promise<{ rollout: RolloutRecord; sites: RolloutSiteRecord[] } | undefined>;
    /** Newest first. */
    list(limit: number): Promise<RolloutRecord[]>;
    /** false (nothing written) unless the rollout is in one of `from`. */
    setStatus(
      rolloutId: string,
      change: { from: readonly RolloutStatus[]; to: RolloutStatus; at: string },
    ): Promise<boolean>;
    /** false (nothing written) unless the site is still in `from`. */
    updateSite(rolloutId: string, site: RolloutSiteRecord, from: RolloutSiteState): Promise<boolean>;
    /** Takes the rollout off the runner's work list. */
    retire(rolloutId: string): Promise<void>;
  };
  readonly loadControl: {
    /** The site's load-control settings; undefined when none are stored (or another org's site). */
    settings(siteId: string): Promise<LoadControlSettings | undefined>;
    /** Writes the next version over `baseVersion` (0: none yet), with a dimming log entry if given; 'conflict' → nothing written. */
    save(
      siteId: string,
      settings: LoadControlSettings,
      baseVersion: number,
      log?: DimmingLogEntry & { entryId: string },
    ): Promise<'saved' | 'conflict'>;
    /** The §14a dimming log (append-only), newest first. */
    dimmingLog(siteId: string, limit: number): Promise<DimmingLogEntry[]>;
    commanded(siteId: string): Promise<loadControl.CommandedLimits>;
    setCommanded(siteId: string, commanded: loadControl.CommandedLimits): Promise<void>;
  };
  readonly reportedConfig: {
    /**
     * The latest reported configuration of each of the site's ECUs that has reported one, by charge
     * point id (written by the ingest of 'reportedConfig' snapshots); [] for a site of another org.
     */
    get(siteId: string): Promise<ReportedConfigRecord[]>;
  };
  readonly configAudit: {
    /** The site's stored audit findings and drift (audit-drift handler), or undefined. */
    get(siteId: string): Promise<StoredSiteAuditResult | undefined>;
    /**
     * Stores the result and ADDs its contribution's change to the roll-up, in one transaction, if the
     * stored revision is still `previous`'s; else 'conflict', nothing written.
     */
    store(
      result: SiteAuditResult,
      previous: Pick<StoredSiteAuditResult, 'revision' | 'contribution'> | undefined,
    ): Promise<'stored' | 'conflict'>;
    /** The organisation's roll-up counters (fleet/config-rollup.ts). */
    rollup(): Promise<{ counters: RollupCounters; updatedAt?: string }>;
  };
  readonly driftApply: {
    /** The id of the site's newest apply run, if any. */
    latestRunId(siteId: string): Promise<string | undefined>;
    get(siteId: string, runId: string): Promise<DriftApplyRun | undefined>;
    /** Writes the run if the site's newest run is still `previousRunId`; else 'conflict', nothing written. */
    create(
      run: DriftApplyRun,
      previousRunId: string | undefined,
      nowEpochS: number,
    ): Promise<'created' | 'conflict'>;
    /** Sets an ECU's Reset command id or send error once; false if it was set already. */
    setEcuOnce(
      siteId: string,
      runId: string,
      index: number,
      field: 'resetCommandId' | 'sendError',
      value: string,
    ): Promise<boolean>;
  };
}

export function forOrg(orgId: string, store: FleetStore): OrgRepositories {
  const { doc, table } = store;
  const box = store.secrets ?? secretBoxFromEnv();
  return Object.freeze({
    orgId,
    sites: Object.freeze({
      items: () => readSiteItems(doc, table, orgId),
      exists: (siteId: string) => siteExists(doc, table, orgId, siteId),
      snapshot: (siteId: string) => readSiteSnapshot(doc, table, orgId, siteId),
      register: (site: Omit<SiteRegistration, 'orgId'>) => registerSite(doc, table, { ...site, orgId }),
      create: (site: Omit<SiteRegistration, 'orgId'>, first: DesiredConfigVersion) =>
        createSiteWithConfig(doc, table, box, { ...site, orgId }, first),
    }),
    desiredConfig: Object.freeze({
      get: (siteId: string, version?: number) => readDesiredConfig(doc, table, box, orgId, siteId, version),
      history: (siteId: string, options: { limit: number; from?: number; to?: number }) =>
        listDesiredConfigVersions(doc, table, orgId, siteId, options),
      save: (siteId: string, record: DesiredConfigVersion, baseVersion: number | undefined) =>
        saveDesiredConfig(doc, table, box, orgId, siteId, record, baseVersion),
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
      applyBatch: (messages: readonly { siteId: string; message: TelemetryMessage }[], nowEpochS: number) =>
        applyTelemetryBatch(
          doc,
          table,
          messages.map(({ siteId, message }) => ({ orgId, siteId, message, nowEpochS })),
        ),
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
    loadControl: Object.freeze({
      settings: (siteId: string) => loadControl.readLoadControlSettings(doc, table, orgId, siteId),
      save: (
        siteId: string,
        settings: LoadControlSettings,
        baseVersion: number,
        log?: DimmingLogEntry & { entryId: string },
      ) => loadControl.saveLoadControlSettings(doc, table, orgId, siteId, settings, baseVersion, log),
      dimmingLog: (siteId: string, limit: number) =>
        loadControl.readDimmingLog(doc, table, orgId, siteId, limit),
      commanded: (siteId: string) => loadControl.readCommandedLimits(doc, table, orgId, siteId),
      setCommanded: (siteId: string, commanded: loadControl.CommandedLimits) =>
        loadControl.writeCommandedLimits(doc, table, orgId, siteId, commanded),
    }),
    load: Object.freeze({
      networks: (siteId: string) => readDlmNetworks(doc, table, orgId, siteId),
      // The head version's site (schema-checked, secrets kept apart): the one reader of desired configuration.
      desiredConfig: async (siteId: string) =>
        (await readDesiredConfig(doc, table, box, orgId, siteId))?.site,
      buckets: (siteId: string, range: { networkId: string; fromMinute: string; toMinute: string }) =>
        readLoadBuckets(doc, table, orgId, siteId, range),
      twin: (siteId: string) => readLoadTwin(doc, table, orgId, siteId),
      saveTwin: (siteId: string, state: TwinState, rev: number | undefined) =>
        saveLoadTwin(doc, table, orgId, siteId, state, rev),
      hours: (siteId: string, range: { networkId: string; fromHour: string; toHour: string }) =>
        readLoadHours(doc, table, orgId, siteId, range),
      energyDays: (siteId: string, range: { fromDay: string; toDay: string }) =>
        readEnergyDays(doc, table, orgId, siteId, range),
    }),
    rollouts: Object.freeze({
      create: (rollout: RolloutRecord, sites: readonly RolloutSiteRecord[]) =>
        createRollout(doc, table, orgId, rollout, sites),
      get: (rolloutId: string) => readRollout(doc, table, orgId, rolloutId),
      list: (limit: number) => listRollouts(doc, table, orgId, limit),
      setStatus: (
        rolloutId: string,
        change: { from: readonly RolloutStatus[]; to: RolloutStatus; at: string },
      ) => setRolloutStatus(doc, table, orgId, rolloutId, change),
      updateSite: (rolloutId: string, site: RolloutSiteRecord, from: RolloutSiteState) =>
        updateRolloutSite(doc, table, orgId, rolloutId, site, from),
      retire: (rolloutId: string) => retireRollout(doc, table, orgId, rolloutId),
    }),
    reportedConfig: Object.freeze({
      get: (siteId: string) => readReportedConfigs(doc, table, orgId, siteId),
    }),
    configAudit: Object.freeze({
      get: (siteId: string) => readSiteAuditResult(doc, table, orgId, siteId),
      store: (
        result: SiteAuditResult,
        previous: Pick<StoredSiteAuditResult, 'revision' | 'contribution'> | undefined,
      ) => storeSiteAuditResult(doc, table, orgId, result, previous),
      rollup: () => readConfigRollup(doc, table, orgId),
    }),
    driftApply: Object.freeze({
      latestRunId: (siteId: string) => readLatestDriftApplyRunId(doc, table, { orgId, siteId }),
      get: (siteId: string, runId: string) => getDriftApplyRun(doc, table, { orgId, siteId }, runId),
      create: (run: DriftApplyRun, previousRunId: string | undefined, nowEpochS: number) =>
        createDriftApplyRun(doc, table, { orgId, siteId: run.siteId, run, previousRunId, nowEpochS }),
      setEcuOnce: (
        siteId: string,
        runId: string,
        index: number,
        field: 'resetCommandId' | 'sendError',
        value: string,
      ) => setDriftApplyEcuOnce(doc, table, { orgId, siteId, runId, index, field, value }),
    }),
  });
}
