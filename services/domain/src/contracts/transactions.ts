import { z } from 'zod';
import { envelope, IsoTime as isoTime } from './envelope';
import { tableKeys } from './table';

// Telemetry for OCPP 1.6 transactions and DataTransfer (edge → cloud). These are events: the edge
// journal never merges or drops them, and the cloud keys a transaction by site + startedAt + id.
// transactionId is the edge agent's own id (site-wide counter, never reused; persisted before the ECU
// gets it), so ids restart only if the agent's state directory is lost — startedAt tells such runs apart.

const wattHours = z.number().int().min(0);
/** OCPP 1.6 IdToken: CiString20. */
export const IdTag = z.string().max(20);

/** OCPP 1.6 AuthorizationStatus (idTagInfo.status). */
export const AuthorizationStatus = z.enum(['Accepted', 'Blocked', 'Expired', 'Invalid', 'ConcurrentTx']);
export type AuthorizationStatus = z.infer<typeof AuthorizationStatus>;

/** Why a transaction ended: the OCPP 1.6 Reason values, plus the edge agent's own. */
export const TransactionStopReason = z.enum([
  'EmergencyStop',
  'EVDisconnected',
  'HardReset',
  'Local',
  'Other',
  'PowerLoss',
  'Reboot',
  'Remote',
  'SoftReset',
  'UnlockCommand',
  'DeAuthorized',
  /** A new StartTransaction arrived on the connector while this one was open (its stop was lost). */
  'Superseded',
]);
export type TransactionStopReason = z.infer<typeof TransactionStopReason>;

export const TransactionStartedTelemetry = z
  .object({
    ...envelope,
    type: z.literal('transactionStarted'),
    transactionId: z.number().int().min(1),
    connectorId: z.number().int().min(1).max(16),
    idTag: IdTag,
    /** What the central system answered in idTagInfo. */
    idTagStatus: AuthorizationStatus,
    meterStartWh: wattHours,
    /** ECU timestamp of the start (a 1970 clock replaced by the receive time). */
    startedAt: isoTime,
  })
  .strict();
export type TransactionStartedTelemetry = z.infer<typeof TransactionStartedTelemetry>;

export const TransactionStoppedTelemetry = z
  .object({
    ...envelope,
    type: z.literal('transactionStopped'),
    transactionId: z.number().int().min(1),
    /** false: the stop named an id the agent never assigned (recorded as is; start fields absent). */
    matched: z.boolean(),
    /** Start of the transaction when known, else the stop time (the cloud's key needs one). */
    startedAt: isoTime,
    connectorId: z.number().int().min(1).max(16).optional(),
    idTag: IdTag.optional(),
    meterStartWh: wattHours.optional(),
    meterStopWh: wattHours.optional(),
    stoppedAt: isoTime,
    reason: TransactionStopReason,
    /** What the edge agent noticed and tolerated, e.g. 'meterStopBelowMeterStart' (never rejected). */
    anomalies: z.array(z.string().max(64)).max(8).optional(),
  })
  .strict();
export type TransactionStoppedTelemetry = z.infer<typeof TransactionStoppedTelemetry>;

/** Largest DataTransfer `data` kept in telemetry (characters); longer data is cut and flagged. */
export const DATA_TRANSFER_MAX_CHARS = 1024;

export const DataTransferTelemetry = z
  .object({
    ...envelope,
    type: z.literal('dataTransfer'),
    vendorId: z.string().max(255),
    dataTransferMessageId: z.string().max(50).optional(),
    data: z.string().max(DATA_TRANSFER_MAX_CHARS).optional(),
    dataTruncated: z.boolean(),
    /** What the agent answered (OCPP 1.6 DataTransferStatus). */
    status: z.enum(['Accepted', 'Rejected', 'UnknownMessageId', 'UnknownVendorId']),
  })
  .strict();
export type DataTransferTelemetry = z.infer<typeof DataTransferTelemetry>;

/** An idTag as people may see it (it identifies a person's card): only the last 3 characters. */
export function maskIdTag(idTag: string): string {
  const shown = idTag.length > 6 ? 3 : idTag.length > 3 ? 1 : 0;
  return `${'•'.repeat(Math.min(6, idTag.length - shown))}${idTag.slice(idTag.length - shown)}`;
}

/** Sort key of a transaction item under its site's partition: recent transactions sort by start. */
export const TRANSACTION_SK_PREFIX = 'TX#';
export const TRANSACTION_ENTITY = 'TX';

export function transactionKey(orgId: string, siteId: string, startedAt: string, transactionId: number) {
  return {
    pk: tableKeys.site(orgId, siteId).pk,
    sk: `${TRANSACTION_SK_PREFIX}${startedAt}#${String(transactionId).padStart(10, '0')}`,
  };
}
