import { randomUUID } from 'node:crypto';
import type { Logger } from '@ampfleet/runtime/log';
import {
  describeIssues,
  plausibleTimestamp,
  readMeterValues,
  TELEMETRY_SCHEMA_VERSION,
  type ConnectorStatus,
  type OcppMeterValue,
  type TelemetryMessage,
} from '@ampfleet/domain';
import { createRpcError, type ServerClient } from './rpc';

// OCPP 1.6 calls from an ECU → telemetry messages for the uplink. Params arrive already validated
// against the OCPP 1.6 JSON schemas (strict mode); what the schema cannot check (numbers inside
// strings, units) is checked here and answered with a CALLERROR that names the field.

/** Stores a message durably (the journal); a returned promise is awaited before the OCPP answer. */
export type TelemetrySink = (message: TelemetryMessage) => unknown;

type Envelope = { v: 1; messageId: string; chargePointId: string; observedAt: string };

export function registerHandlers(
  client: ServerClient,
  deps: { heartbeatIntervalS: number; sink: TelemetrySink; log: Logger; now?: () => Date },
): void {
  const now = deps.now ?? (() => new Date());
  // Answered only once the message is on disk: "acknowledged to the ECU" implies "journaled". If it
  // cannot be stored the ECU gets an InternalError CALLERROR, and the call is its to retry.
  const store = async (message: TelemetryMessage): Promise<void> => {
    try {
      await deps.sink(message);
    } catch (err) {
      deps.log.error('telemetry not stored', {
        chargePointId: client.identity,
        messageId: message.messageId,
        error: (err as Error).message,
      });
      throw createRpcError('InternalError', 'telemetry could not be stored; retry the call');
    }
  };
  const envelope = (observedAt: string): Envelope => ({
    v: TELEMETRY_SCHEMA_VERSION,
    messageId: randomUUID(),
    chargePointId: client.identity,
    observedAt,
  });

  client.handle<{
    chargePointVendor: string;
    chargePointModel: string;
    chargePointSerialNumber?: string;
    firmwareVersion?: string;
  }>('BootNotification', async ({ params }) => {
    const t = now();
    await store({
      ...envelope(t.toISOString()),
      type: 'boot',
      vendor: params.chargePointVendor,
      model: params.chargePointModel,
      ...(params.chargePointSerialNumber !== undefined && { serialNumber: params.chargePointSerialNumber }),
      ...(params.firmwareVersion !== undefined && { firmwareVersion: params.firmwareVersion }),
    });
    return { status: 'Accepted', currentTime: t.toISOString(), interval: deps.heartbeatIntervalS };
  });

  client.handle('Heartbeat', async () => {
    const t = now();
    await store({ ...envelope(t.toISOString()), type: 'heartbeat' });
    return { currentTime: t.toISOString() };
  });

  client.handle<{ connectorId: number; status: ConnectorStatus; errorCode: string; timestamp?: string }>(
    'StatusNotification',
    async ({ params }) => {
      await store({
        ...envelope(plausibleTimestamp(params.timestamp, now())),
        type: 'status',
        connectorId: params.connectorId,
        status: params.status,
        errorCode: params.errorCode,
      });
      return {};
    },
  );

  client.handle<{ connectorId: number; transactionId?: number; meterValue: OcppMeterValue[] }>(
    'MeterValues',
    async ({ params }) => {
      if (params.connectorId < 1)
        throw createRpcError('PropertyConstraintViolation', 'connectorId: must be ≥ 1');
      const result = readMeterValues(params.meterValue, now());
      if ('issues' in result) {
        deps.log.warn('ocpp meter values rejected', {
          chargePointId: client.identity,
          issues: result.issues,
        });
        throw createRpcError('PropertyConstraintViolation', describeIssues(result.issues));
      }
      const { timestamp, ...reading } = result.reading;
      // A transactionId is kept as sent, also one not (yet) known here: offline-started transactions
      // report meter values before their StartTransaction arrives.
      await store({
        ...envelope(timestamp),
        type: 'meterValues',
        connectorId: params.connectorId,
        ...reading,
        ...(params.transactionId !== undefined && { transactionId: params.transactionId }),
      });
      return {};
    },
  );
}
