// The DLM master's limits in the simulated ECU's OCPP configuration (§7.1): 'EVSE Sub-Distribution
// Limit' (read-only over OCPP: set in the web interface, Save & Restart) and 'Operator EVSE
// Sub-Distribution Limit' (changeable at runtime, never above the former: the ECU rejects it).
// Key names per firmware come from the domain catalog, as the edge agent reads them.
import { operatorLimitKeys, readLimitValue, renderLimitValue } from '@ampfleet/domain';
import type { ConfigEntry } from './ecu-config';

export interface DlmMasterLimits {
  /** EVSE Sub-Distribution Limit, per phase (A). */
  readonly subDistributionLimitA: number;
  /** Operator EVSE Sub-Distribution Limit at start (A); defaults to the Sub-Distribution Limit. */
  readonly operatorLimitA?: number;
}

/** Reads '(16/16/16)', '16/16/16' or '16' as the lowest phase value (A); undefined if unreadable. */
export function lowestPhaseA(value: string): number | undefined {
  const limit = readLimitValue(value);
  if (!limit) return undefined;
  const { l1, l2, l3 } = limit;
  const lowest = Math.min(l1, l2, l3);
  return Number.isInteger(lowest) && lowest >= 0 ? lowest : undefined;
}

export function dlmMasterConfigEntries(
  firmwareVersion: string,
  limits: DlmMasterLimits,
): { entries: Record<string, ConfigEntry>; operatorKey: string } {
  const found = operatorLimitKeys(firmwareVersion);
  if (!found.ok) throw new Error(`ECU simulator: ${found.detail}`);
  const { keys } = found;
  const render = (a: number): string => renderLimitValue(a, keys.version);
  const sub = limits.subDistributionLimitA;
  return {
    operatorKey: keys.operatorLimit,
    entries: {
      [keys.subDistributionLimit]: { value: render(sub), readonly: true },
      [keys.operatorLimit]: {
        value: render(Math.min(sub, limits.operatorLimitA ?? sub)),
        readonly: false,
        validate: (value) => {
          const amps = lowestPhaseA(value);
          return amps !== undefined && amps <= sub;
        },
      },
    },
  };
}
