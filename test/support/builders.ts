import { randomUUID } from 'node:crypto';
import type { TelemetryMessage } from '@ampfleet/domain';

// Builders: each test states only what matters to it.
type Of<T extends TelemetryMessage['type']> = Extract<TelemetryMessage, { type: T }>;

const base = (chargePointId = 'cp-1', observedAt = '2026-11-24T10:00:00.000Z') => ({
  v: 1 as const,
  messageId: randomUUID(),
  chargePointId,
  observedAt,
});

export function aBoot(over: Partial<Of<'boot'>> = {}): Of<'boot'> {
  return {
    ...base(),
    type: 'boot',
    vendor: 'MENNEKES',
    model: 'AMEDIO Professional+',
    firmwareVersion: '4.61-1',
    ...over,
  };
}

export function aStatus(over: Partial<Of<'status'>> = {}): Of<'status'> {
  return { ...base(), type: 'status', connectorId: 1, status: 'Available', errorCode: 'NoError', ...over };
}

export function aMeterValues(over: Partial<Of<'meterValues'>> = {}): Of<'meterValues'> {
  return {
    ...base(),
    type: 'meterValues',
    connectorId: 1,
    currentImport: { l1: 15.8, l2: 15.9, l3: 15.7 },
    currentOffered: { l1: 16, l2: 16, l3: 16 },
    ...over,
  };
}

export const ORG = 'org-a';
export const SITE = 'site-1';
export const telemetryTopic = (org = ORG, site = SITE) => `ampfleet/v1/${org}/${site}/telemetry`;
