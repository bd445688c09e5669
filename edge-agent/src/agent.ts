import type { Logger } from '@ampfleet/adapters/log';
import { journalSettings, transactionLedgerDir, type EdgeConfig } from './config';
import { openJournal, type Journal } from './journal/journal';
import { startForwarder } from './mqtt/forwarder';
import { connectUplink, type Uplink } from './mqtt/uplink';
import { startCentralSystem, type CentralSystem } from './ocpp/central-system';
import { openTransactionLedger, type TransactionLedger } from './ocpp/transaction-ledger';

// Composition root of one site's edge agent: OCPP endpoint → journal (on disk) → forwarder → uplink.
// An OCPP call is answered only after its telemetry is journaled; the journal forgets it only after
// the broker's PUBACK. So neither uplink loss nor kill -9 loses an acknowledged message.
export interface EdgeAgent {
  readonly ocpp: CentralSystem;
  readonly uplink: Uplink;
  readonly journal: Journal;
  readonly transactions: TransactionLedger;
  stop(): Promise<void>;
}

export interface EdgeAgentDeps {
  /** An already open journal (tests, benchmarks); by default the agent opens `journalSettings(config)`. */
  readonly journal?: Journal;
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
  try {
    transactions = await openTransactionLedger(transactionLedgerDir(config));
  } catch (err) {
    await journal.close();
    throw err;
  }
  const backlog = journal.stats();
  if (backlog.entries > 0) log.info('journal replay pending', { ...backlog });
  const uplink = connectUplink(config, log);
  const forwarder = startForwarder(journal, uplink, log);
  let ocpp: CentralSystem;
  try {
    ocpp = await startCentralSystem(config, (message) => journal.append(message), log, {
      ledger: transactions,
    });
  } catch (err) {
    await forwarder.stop();
    await uplink.close();
    await transactions.close();
    await journal.close();
    throw err;
  }
  return {
    ocpp,
    uplink,
    journal,
    transactions,
    async stop() {
      await ocpp.close();
      await transactions.close();
      if (uplink.connected) await forwarder.drained(STOP_DRAIN_MS);
      await forwarder.stop();
      await uplink.close();
      await journal.close();
    },
  };
}
