import type { AuthorizationStatus, TransactionStopReason } from '../contracts/transactions';
import type { ConnectorRecord } from './records';

// Charging sessions as stored and shown: the connector's active session (idTag masked: it identifies a
// person's card) and the site's transactions. Energy so far = the connector's energy register now minus
// the transaction's meterStart (both Wh, same register), once a reading newer than the start exists.

export interface ConnectorSession {
  transactionId: number;
  startedAt: string;
  idTagMasked: string;
  idTagStatus: AuthorizationStatus;
  meterStartWh: number;
}

/** A transaction as the read side hands it out: the idTag only masked. */
export interface TransactionRecord {
  orgId: string;
  siteId: string;
  chargePointId: string;
  transactionId: number;
  startedAt: string;
  connectorId?: number;
  idTagMasked?: string;
  idTagStatus?: AuthorizationStatus;
  meterStartWh?: number;
  meterStopWh?: number;
  energyWh?: number;
  stoppedAt?: string;
  stopReason?: TransactionStopReason;
  /** false: the stop named an id the edge agent never assigned. */
  matched?: boolean;
  anomalies?: string[];
}

export function sessionEnergyWh(connector: ConnectorRecord): number | undefined {
  const s = connector.session;
  if (!s || connector.energyImportWh === undefined || connector.meterAt === undefined) return undefined;
  if (Date.parse(connector.meterAt) < Date.parse(s.startedAt)) return undefined;
  return Math.max(0, connector.energyImportWh - s.meterStartWh);
}
