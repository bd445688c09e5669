import type { DlmStateTelemetry, SiteMeterTelemetry } from '../contracts/dlm';
import { splitEnvelope } from '../contracts/envelope';

// What a 'dlmState' or 'siteMeter' message changes: the DLM network's item (one per site and network),
// each kind under its own ordering attribute, so a late message never overwrites newer state and a
// meter reading never waits for (or overwrites) a DLM state. The charge point item is not touched:
// these messages come from the edge agent, not from the master charge point they are filed under.

export interface DlmIngestChange {
  networkId: string;
  orderedBy: 'stateAt' | 'meterAt';
  at: string;
  set: Record<string, unknown>;
}

export function planDlmIngest(message: DlmStateTelemetry | SiteMeterTelemetry): DlmIngestChange {
  const { envelope, body: bodyWithNetwork } = splitEnvelope(message);
  const { chargePointId, observedAt, type } = envelope;
  const { networkId, ...body } = bodyWithNetwork;
  const common = { networkId, masterChargePointId: chargePointId };
  if (type === 'dlmState')
    return { networkId, orderedBy: 'stateAt', at: observedAt, set: { ...common, state: body } };
  return { networkId, orderedBy: 'meterAt', at: observedAt, set: { ...common, meter: body } };
}
