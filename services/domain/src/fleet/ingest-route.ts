import type { CommandResultTelemetry } from '../contracts/commands';
import type { DlmStateTelemetry, SiteMeterTelemetry } from '../contracts/dlm';
import type { Envelope } from '../contracts/envelope';
import type { TransactionStartedTelemetry, TransactionStoppedTelemetry } from '../contracts/transactions';
import type { IngestChange } from './charge-point-ingest';
import { planDlmIngest, type DlmIngestChange } from './dlm-ingest';
import type { ReportedConfigTelemetry } from '../contracts/reported-config';
import { planReportedConfigIngest, type ReportedConfigIngest } from './reported-config-ingest';

// How the ingest stores a message: one of five routes, each with what it needs, planned purely. The
// adapter (services/adapters telemetry-writer.ts) owns the DynamoDB writes of each route; a new kind
// picks a route in messages.ts and, if it stores something new, a planner.

export type IngestRoute =
  /** The site's and charge point's freshness, and these changes to the charge point and its connectors. */
  | { readonly route: 'chargePoint'; readonly changes: IngestChange[] }
  /** The site's freshness and the DLM network's item (dlm-ingest.ts). */
  | { readonly route: 'dlmNetwork'; readonly change: DlmIngestChange }
  /** Freshness, the transaction item and the connector's session (adapter: transaction-items.ts). */
  | {
      readonly route: 'transaction';
      readonly event: TransactionStartedTelemetry | TransactionStoppedTelemetry;
    }
  /** The command record the result answers (adapter: command-records.ts applyCommandResult). */
  | { readonly route: 'commandResult'; readonly result: CommandResultTelemetry }
  /** The ECU's latest reported configuration, replaced only by a newer read (reported-config-ingest.ts). */
  | { readonly route: 'reportedConfig'; readonly change: ReportedConfigIngest };

export type IngestRouteName = IngestRoute['route'];

export const chargePointRoute =
  <M extends Envelope>(plan: (message: M) => IngestChange[]) =>
  (message: M): IngestRoute => ({ route: 'chargePoint', changes: plan(message) });

export const dlmNetworkRoute = (message: DlmStateTelemetry | SiteMeterTelemetry): IngestRoute => ({
  route: 'dlmNetwork',
  change: planDlmIngest(message),
});

export const transactionRoute = (
  event: TransactionStartedTelemetry | TransactionStoppedTelemetry,
): IngestRoute => ({ route: 'transaction', event });

export const commandResultRoute = (result: CommandResultTelemetry): IngestRoute => ({
  route: 'commandResult',
  result,
});

export const reportedConfigRoute = (message: ReportedConfigTelemetry): IngestRoute => ({
  route: 'reportedConfig',
  change: planReportedConfigIngest(message),
});
