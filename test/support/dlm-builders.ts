import { randomUUID } from 'node:crypto';
import type { TelemetryMessage } from '@ampfleet/domain';

// Builders for the DLM messages ('siteMeter', 'dlmState'): each test states only what matters to it.
type Of<T extends TelemetryMessage['type']> = Extract<TelemetryMessage, { type: T }>;

const base = (chargePointId = 'cp-master', observedAt = '2026-11-24T10:00:00.000Z') => ({
  v: 1 as const,
  messageId: randomUUID(),
  chargePointId,
  observedAt,
});

export function aSiteMeter(over: Partial<Of<'siteMeter'>> = {}): Of<'siteMeter'> {
  return {
    ...base(),
    type: 'siteMeter',
    networkId: 'net-1',
    model: 'PAC2200',
    connected: true,
    currents: { l1: 21.5, l2: 18.2, l3: 30.1 },
    voltages: { l1: 230.1, l2: 229.8, l3: 231.0 },
    activePowerW: 15_400,
    energyImportWh: 1_250_000,
    ...over,
  };
}

export function aDlmState(over: Partial<Of<'dlmState'>> = {}): Of<'dlmState'> {
  return {
    ...base(),
    type: 'dlmState',
    networkId: 'net-1',
    sampleRateS: 30,
    limits: {
      subDistribution: { l1: 63, l2: 63, l3: 63 },
      operator: { l1: 50, l2: 50, l3: 50 },
      effective: { l1: 50, l2: 50, l3: 50 },
      effectiveSource: ['operator', 'operator', 'operator'],
    },
    externalMeter: { mode: 'off', configured: false, usingFallback: false },
    offered: { l1: 32, l2: 32, l3: 32 },
    drawn: { l1: 30, l2: 29, l3: 31 },
    chargePoints: [
      {
        id: 'cp-master',
        status: 'Charging',
        offered: { l1: 32, l2: 32, l3: 32 },
        drawn: { l1: 30, l2: 29, l3: 31 },
      },
    ],
    imbalance: { drawn: 2, prevention: true, limit: 20, exceeded: false },
    ...over,
  };
}
