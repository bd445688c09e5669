// Turning raw decoded register values into a validated meter reading (pure).
import type { MeterQuantity, RegisterMap } from './register-maps';
import { mapEntries } from './register-maps';

export interface PhaseValues {
  readonly l1: number;
  readonly l2: number;
  readonly l3: number;
}

export interface MeterReading {
  readonly connected: true;
  readonly at: Date;
  /** Per-phase current (A). */
  readonly currents: PhaseValues;
  /** Per-phase voltage to neutral (V). */
  readonly voltages: PhaseValues;
  /** Per-phase active power (W); negative means export. */
  readonly activePowersW: PhaseValues;
  /** Total active power (W); negative means export. */
  readonly activePowerW: number;
  /** Cumulative imported active energy (Wh). */
  readonly energyImportWh: number;
  /** Grid frequency (Hz), where the map defines it. */
  readonly frequencyHz?: number;
}

/**
 * Why the meter counts as disconnected. Upstream, any `connected: false` is "meter_disconnected":
 * the DLM applies 'External Meter Disconnected Fallback' / 'External Load Fallback' (§7.4.1, §7.4.2).
 */
export type MeterFaultReason =
  'connect_failed' | 'connection_closed' | 'timeout' | 'exception_reply' | 'invalid_value' | 'protocol_error';

export interface MeterDisconnected {
  readonly connected: false;
  readonly at: Date;
  readonly reason: MeterFaultReason;
  /** Human-readable detail (the exception text, the bad value, the socket error). */
  readonly detail: string;
  /** The quantity whose value was rejected (reason 'invalid_value'). */
  readonly quantity?: MeterQuantity;
}

export type MeterStatus = MeterReading | MeterDisconnected;

export type ScaledValues = Partial<Record<MeterQuantity, number>>;

export type ReadingCheck =
  | { readonly ok: true; readonly reading: MeterReading }
  | { readonly ok: false; readonly quantity: MeterQuantity; readonly detail: string };

/** Scales raw values per the map and rejects the whole reading at the first bad quantity. */
export function toReading(map: RegisterMap, raw: ScaledValues, at: Date): ReadingCheck {
  const v: ScaledValues = {};
  for (const [quantity, spec] of mapEntries(map)) {
    const rawValue = raw[quantity];
    if (rawValue === undefined) return { ok: false, quantity, detail: `${quantity} missing from the reply` };
    const value = rawValue * spec.scale;
    if (!Number.isFinite(value))
      return { ok: false, quantity, detail: `${quantity} is ${value}, not a number` };
    if (value < spec.range.min || value > spec.range.max) {
      return {
        ok: false,
        quantity,
        detail: `${quantity} = ${value} outside ${spec.range.min}..${spec.range.max}`,
      };
    }
    v[quantity] = value;
  }
  const get = (q: MeterQuantity): number => v[q] ?? 0;
  const reading: MeterReading = {
    connected: true,
    at,
    currents: { l1: get('currentL1'), l2: get('currentL2'), l3: get('currentL3') },
    voltages: { l1: get('voltageL1'), l2: get('voltageL2'), l3: get('voltageL3') },
    activePowersW: { l1: get('activePowerL1'), l2: get('activePowerL2'), l3: get('activePowerL3') },
    activePowerW: get('activePowerTotal'),
    energyImportWh: get('energyImport'),
    ...(v.frequency !== undefined ? { frequencyHz: v.frequency } : {}),
  };
  return { ok: true, reading };
}
