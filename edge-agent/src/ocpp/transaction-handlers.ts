import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from '@ampfleet/runtime/log';
import {
  authorizeIdTag,
  DATA_TRANSFER_MAX_CHARS,
  TELEMETRY_SCHEMA_VERSION,
  type LocalAuthorization,
  type TelemetryMessage,
  type TransactionEvent,
} from '@ampfleet/domain';
import type { TelemetrySink } from './handlers';
import { createRpcError, type ServerClient } from './rpc';
import type { TransactionLedger } from './transaction-ledger';

// OCPP 1.6 Authorize, StartTransaction, StopTransaction and DataTransfer. Order per call: the ledger
// (fsync'd) → the journal (fsync'd) → the answer. A crash between the two is healed by the ECU's
// retry: the ledger recognises the repeated call and re-emits its events under the same message ids.
// Transaction calls are never rejected for odd values (ECUs retry a rejected transaction message a few
// times and then drop it, losing the session): odd values are logged and flagged in the telemetry.

export interface TransactionHandlerDeps {
  readonly siteId: string;
  readonly ledger: TransactionLedger;
  readonly authorization: LocalAuthorization;
  readonly dataTransferVendorIds: readonly string[];
  readonly sink: TelemetrySink;
  readonly log: Logger;
  readonly now?: () => Date;
}

/** Same fact → same message id (the cloud applies it once); differs per site and charge point. */
export function transactionMessageId(siteId: string, chargePointId: string, dedupKey: string): string {
  const digest = createHash('sha256').update(`${siteId}\u0000${chargePointId}\u0000${dedupKey}`);
  return `tx-${digest.digest('base64url').slice(0, 43)}`;
}

export function registerTransactionHandlers(client: ServerClient, deps: TransactionHandlerDeps): void {
  const now = deps.now ?? (() => new Date());
  const cp = client.identity;
  const store = async (messages: TelemetryMessage[]): Promise<void> => {
    try {
      for (const message of messages) await deps.sink(message);
    } catch (err) {
      deps.log.error('transaction telemetry not stored', {
        chargePointId: cp,
        error: (err as Error).message,
      });
      throw createRpcError('InternalError', 'telemetry could not be stored; retry the call');
    }
  };
  const toTelemetry = (events: readonly TransactionEvent[], observedAt: Date): TelemetryMessage[] =>
    events.map((e) => ({
      v: TELEMETRY_SCHEMA_VERSION,
      messageId: transactionMessageId(deps.siteId, cp, e.dedupKey),
      chargePointId: cp,
      observedAt: observedAt.toISOString(),
      ...e.body,
    }));
  const ledgerCall = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      deps.log.error('transaction ledger failed', { chargePointId: cp, error: (err as Error).message });
      throw createRpcError('InternalError', 'transaction could not be stored; retry the call');
    }
  };
  /** Negative meter registers come only from a broken meter: kept as 0, logged. */
  const wattHours = (field: string, value: number): number => {
    if (value >= 0) return value;
    deps.log.warn('ocpp negative meter value replaced by 0', { chargePointId: cp, field, value });
    return 0;
  };

  client.handle<{ idTag: string }>('Authorize', async ({ params }) => ({
    idTagInfo: authorizeIdTag(deps.authorization, params.idTag, now()),
  }));

  client.handle<{ connectorId: number; idTag: string; meterStart: number; timestamp: string }>(
    'StartTransaction',
    async ({ params }) => {
      // OCPP 1.6 §6.45: connectorId > 0 — a transaction is on a connector, never on the charge point.
      if (params.connectorId < 1)
        throw createRpcError('PropertyConstraintViolation', 'connectorId: must be ≥ 1');
      const t = now();
      const idTagInfo = authorizeIdTag(deps.authorization, params.idTag, t);
      const request = { ...params, meterStart: wattHours('meterStart', params.meterStart) };
      const step = await ledgerCall(() =>
        deps.ledger.start(cp, request, { receivedAt: t, idTagStatus: idTagInfo.status }),
      );
      if (step.repeated)
        deps.log.info('ocpp repeated StartTransaction', {
          chargePointId: cp,
          transactionId: step.transactionId,
        });
      await store(toTelemetry(step.events, t));
      return { idTagInfo, transactionId: step.transactionId };
    },
  );

  client.handle<{
    transactionId: number;
    idTag?: string;
    meterStop: number;
    timestamp: string;
    reason?: string;
  }>('StopTransaction', async ({ params }) => {
    const t = now();
    const request = {
      transactionId: params.transactionId,
      meterStop: wattHours('meterStop', params.meterStop),
      timestamp: params.timestamp,
      ...(params.idTag !== undefined && { idTag: params.idTag }),
      ...(params.reason !== undefined && { reason: params.reason }),
    };
    const step = await ledgerCall(() => deps.ledger.stop(cp, request, { receivedAt: t }));
    const stopped = step.events[0]?.body;
    if (stopped?.type === 'transactionStopped' && (stopped.anomalies?.length || !stopped.matched))
      deps.log.warn('ocpp StopTransaction accepted with anomalies', {
        chargePointId: cp,
        requested: params.transactionId,
        recordedAs: step.transactionId,
        anomalies: stopped.anomalies,
      });
    await store(toTelemetry(step.events, t));
    return params.idTag === undefined
      ? {}
      : { idTagInfo: authorizeIdTag(deps.authorization, params.idTag, t) };
  });

  client.handle<{ vendorId: string; messageId?: string; data?: string }>(
    'DataTransfer',
    async ({ params }) => {
      const t = now();
      const status = deps.dataTransferVendorIds.includes(params.vendorId) ? 'Accepted' : 'UnknownVendorId';
      const data = params.data;
      await store([
        {
          v: TELEMETRY_SCHEMA_VERSION,
          messageId: randomUUID(),
          chargePointId: cp,
          observedAt: t.toISOString(),
          type: 'dataTransfer',
          vendorId: params.vendorId,
          ...(params.messageId !== undefined && { dataTransferMessageId: params.messageId }),
          ...(data !== undefined && { data: data.slice(0, DATA_TRANSFER_MAX_CHARS) }),
          dataTruncated: data !== undefined && data.length > DATA_TRANSFER_MAX_CHARS,
          status,
        },
      ]);
      return { status };
    },
  );
}
