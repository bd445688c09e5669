import { randomUUID } from 'node:crypto';
import type { MessageOf, TelemetryType } from '@ampfleet/domain';
import { aBoot, aMeterValues, aStatus } from './builders';
import { aDlmState, aSiteMeter } from './dlm-builders';

// Builders for the message kinds builders.ts and dlm-builders.ts do not cover, and `aMessage`: one
// builder per kind, typed over every kind, so a kind added to messageKinds without a builder fails to
// compile (and the contract tests cannot skip it).

const base = (chargePointId = 'cp-1', observedAt = '2026-11-24T10:00:00.000Z') => ({
  v: 1 as const,
  messageId: randomUUID(),
  chargePointId,
  observedAt,
});

export function aHeartbeat(over: Partial<MessageOf<'heartbeat'>> = {}): MessageOf<'heartbeat'> {
  return { ...base(), type: 'heartbeat', ...over };
}

export function aCommandResult(over: Partial<MessageOf<'commandResult'>> = {}): MessageOf<'commandResult'> {
  return {
    ...base('cp-master'),
    type: 'commandResult',
    commandId: '0b6d2f3e-8f6a-4a53-9d59-0a4c1e7f1a11',
    status: 'accepted',
    detail: 'Accepted',
    response: { status: 'Accepted' },
    ...over,
  };
}

export function aTransactionStarted(
  over: Partial<MessageOf<'transactionStarted'>> = {},
): MessageOf<'transactionStarted'> {
  return {
    ...base(),
    type: 'transactionStarted',
    transactionId: 7,
    connectorId: 1,
    idTag: 'CARD-123456',
    idTagStatus: 'Accepted',
    meterStartWh: 1000,
    startedAt: '2026-11-24T10:00:00.000Z',
    ...over,
  };
}

export function aTransactionStopped(
  over: Partial<MessageOf<'transactionStopped'>> = {},
): MessageOf<'transactionStopped'> {
  return {
    ...base(),
    type: 'transactionStopped',
    transactionId: 7,
    matched: true,
    startedAt: '2026-11-24T09:00:00.000Z',
    connectorId: 1,
    meterStartWh: 1000,
    meterStopWh: 7500,
    stoppedAt: '2026-11-24T10:00:00.000Z',
    reason: 'EVDisconnected',
    ...over,
  };
}

export function aDataTransfer(over: Partial<MessageOf<'dataTransfer'>> = {}): MessageOf<'dataTransfer'> {
  return {
    ...base(),
    type: 'dataTransfer',
    vendorId: 'MENNEKES',
    data: '{"x":1}',
    dataTruncated: false,
    status: 'Accepted',
    ...over,
  };
}

export function aReportedConfig(
  over: Partial<MessageOf<'reportedConfig'>> = {},
): MessageOf<'reportedConfig'> {
  return {
    ...base(),
    type: 'reportedConfig',
    firmwareVersion: '4.61-5412-d6a2288f6',
    catalogVersion: '4.61',
    sequence: 1,
    trigger: 'boot',
    parameters: [
      { param: 'dlmSampleRate', key: 'DLM Algorithm Sample Rate', readonly: false, value: '30' },
      {
        param: 'phaseRotation',
        key: 'Phase rotation of the Charge Point',
        readonly: false,
        value: 'R/S/T (L1/L2/L3)',
      },
    ],
    otherKeys: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }],
    ...over,
  };
}

/** One builder per message kind (a missing kind is a compile error). */
export const aMessage: { readonly [T in TelemetryType]: (over?: Partial<MessageOf<T>>) => MessageOf<T> } = {
  boot: aBoot,
  heartbeat: aHeartbeat,
  status: aStatus,
  meterValues: aMeterValues,
  siteMeter: aSiteMeter,
  dlmState: aDlmState,
  commandResult: aCommandResult,
  transactionStarted: aTransactionStarted,
  transactionStopped: aTransactionStopped,
  dataTransfer: aDataTransfer,
  reportedConfig: aReportedConfig,
};
