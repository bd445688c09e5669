import type { Logger } from '@ampfleet/runtime/log';
import {
  createCloudSilenceGuard,
  createCommandRunner,
  openCommandStore,
  type CloudSilenceGuard,
  type CommandStore,
} from './commands';
import { journalSettings, transactionLedgerDir, type EdgeConfig } from './config';
import { startConfigReports, type ConfigReports } from './configuration';
import { startDlm, type SiteDlm } from './dlm/site-dlm';
import { openJournal, type Journal } from './journal/journal';
import { startForwarder } from './mqtt/forwarder';
import { connectUplink, type Uplink } from './mqtt/uplink';
import { startCentralSystem, type CentralSystem } from './ocpp/central-system';
import { startStatusWriter, statusFileOf } from './status/status-file';
import { openTransactionLedger, type TransactionLedger } from './ocpp/transaction-ledger';

// Composition root of one site's edge agent: OCPP endpoint → journal (on disk) → forwarder → uplink.
// An OCPP call is answered only after its telemetry is journaled; the journal forgets it only after
// the broker's PUBACK. So neither uplink loss nor kill -9 loses an acknowledged message.
export interface EdgeAgent {
  readonly ocpp: CentralSystem;
  readonly uplink: Uplink;
  readonly journal: Journal;
  /** The DLM networks' monitor and meters (config `dlm`); inert without networks. */
  readonly dlm: SiteDlm;
  /** Restores the DLM masters' safe operator limits when the cloud falls silent (config dlm.safeOperatorLimitA). */
  readonly cloudSilence?: CloudSilenceGuard;
  /** Transaction ids and open transactions, durable across restarts (transaction-ledger.ts). */
  readonly transactions: TransactionLedger;
  /** Each ECU's configuration read and journaled as 'reportedConfig' (undefined when disabled). */
  readonly configReports: ConfigReports | undefined;
  /** Certificate rotation: rereads `mqtt.tls` and reconnects if it changed (main.ts: on SIGHUP). */
  reloadCredentials(): Promise<string>;
  stop(): Promise<void>;
}

/** Pending and finished commands live beside the journal: `<journal dir>-commands`. */
export function commandsDir(config: EdgeConfig): string {
  return `${journalSettings(config).dir}-commands`;
}

export interface EdgeAgentDeps {
  /** An already open journal (tests, benchmarks); by default the agent opens `journalSettings(config)`. */
  readonly journal?: Journal;
  /** Meter reconnect backoff (tests); default meter-reader.ts's. */
  readonly meterBackoff?: { readonly initialMs: number; readonly maxMs: number };
  /** Clock of the cloud-silence guard (tests); with it no timer runs: call `cloudSilence.check()`. */
  readonly cloudSilenceClock?: () => number;
}

/** On a graceful stop, how long to let the forwarder empty the journal before closing the uplink. */
const STOP_DRAIN_MS = 2_000;

export async function startEdgeAgent(
  config: EdgeConfig,
  log: Logger,
  deps: EdgeAgentDeps = {},
): Promise<EdgeAgent> {
  const journal = deps.journal ?? (await openJournal({ ...journalSettings(config), log }));
  let transactions: TransactionLedger;
  let commandStore: CommandStore;
  try {
    transactions = await openTransactionLedger(transactionLedgerDir(config));
    try {
      commandStore = await openCommandStore(commandsDir(config), Date.now());
    } catch (err) {
      await transactions.close();
      throw err;
    }
  } catch (err) {
    await journal.close(); // a failed start leaves no store locked
    throw err;
  }
  const backlog = journal.stats();
  if (backlog.entries > 0) log.info('journal replay pending', { ...backlog });
  let ocpp: CentralSystem | undefined;
  const { reportedConfig } = config;
  const configReports = reportedConfig.enabled
    ? startConfigReports({
        client: (id) => ocpp?.client(id),
        append: (message) => journal.append(message),
        log,
        intervalS: reportedConfig.intervalS,
      })
    : undefined;
  const commands = createCommandRunner({
    store: commandStore,
    client: (id) => ocpp?.client(id),
    report: (result) => journal.append(result),
    log,
    ...(configReports && { configurationChanged: (id: string) => configReports.changed(id) }),
  });
  const uplink = connectUplink(config, log);
  const forwarder = startForwarder(journal, uplink, log);
  const status = startStatusWriter(
    statusFileOf(journalSettings(config).dir),
    {
      siteId: config.siteId,
      chargePointIds: config.ocpp.chargePoints.map((cp) => cp.id),
      journalStats: () => journal.stats(),
    },
    log,
  );
  uplink.onConnectionChange((connected) => status.uplinkChanged(connected));
  // DLM state is reconstructed from what was journaled (OCPP telemetry and meter readings).
  const dlm = startDlm(config, {
    append: (message) => journal.append(message),
    client: (id) => ocpp?.client(id),
    log,
    ...(deps.meterBackoff && { meterBackoff: deps.meterBackoff }),
  });
  try {
    ocpp = await startCentralSystem(
      config,
      (message) => {
        const stored = dlm.journaled(message);
        commands.observe(message, stored);
        configReports?.observe(message, stored);
        return stored;
      },
      log,
      {
        ledger: transactions,
        onConnectionChange: (id, connected) => status.chargePointConnected(id, connected),
      },
    );
  } catch (err) {
    configReports?.stop();
    await status.stop();
    await dlm.stop();
    await commands.stop();
    await commandStore.close();
    await forwarder.stop();
    await uplink.close();
    await transactions.close();
    await journal.close();
    throw err;
  }
  commands.resume();
  const safeLimits = new Map(
    (config.dlm?.networks ?? []).flatMap((n) =>
      n.safeOperatorLimitA === undefined ? [] : [[n.masterChargePointId, n.safeOperatorLimitA] as const],
    ),
  );
  const cloudSilence: CloudSilenceGuard | undefined =
    safeLimits.size === 0
      ? undefined
      : createCloudSilenceGuard({
          timeoutMs: (config.dlm?.cloudSilenceTimeoutS ?? 600) * 1000,
          safeLimits,
          run: (payload) => commands.receive(payload),
          log,
          ...(deps.cloudSilenceClock && { nowMs: deps.cloudSilenceClock, timer: false }),
        });
  uplink.subscribeCommands((payload) => {
    cloudSilence?.heard(payload);
    return commands.receive(payload);
  });
  const endpoint = ocpp;
  return {
    ocpp: endpoint,
    uplink,
    journal,
    dlm,
    transactions,
    configReports,
    ...(cloudSilence && { cloudSilence }),
    reloadCredentials: () => uplink.reloadCredentials(),
    async stop() {
      cloudSilence?.stop();
      configReports?.stop();
      await dlm.stop();
      await endpoint.close();
      await commands.stop();
      await commandStore.close();
      await transactions.close();
      if (uplink.connected) await forwarder.drained(STOP_DRAIN_MS);
      await forwarder.stop();
      await uplink.close();
      await status.stop();
      await journal.close();
    },
  };
}
