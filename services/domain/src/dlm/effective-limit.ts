import type { z } from 'zod';
import type { DlmLimitSource as DlmLimitSourceSchema } from '../contracts/dlm';
import type { GridPhase, PhaseVector } from '../phases/index';

// The effective limit of one DLM network per grid phase — one function for the allocation engine
// (allocation/limits.ts) and the reconstructed DLM state (dlm/state.ts):
//   §7.1 EVSE Sub-Distribution Limit, lowered by the §9 downgrade offset while the input is active,
//   capped by the Operator EVSE Sub-Distribution Limit (≤ sub-distribution), and with an external meter
//   (§7.4) by Main Distribution Limit − Headroom (4.61) − external load. §7.4.1 'excluding': the meter
//   reads external load only; §7.4.2 'including': it reads EVs too, so EV draw is subtracted (never < 0).

/** Which setting set the limit on a phase (the `dlmState` contract's enum). */
export type EffectiveLimitSource = z.infer<typeof DlmLimitSourceSchema>;
export type MeterLocation = 'excludingEvseSubDistribution' | 'includingEvseSubDistribution';

export interface MeterPoint {
  readonly location: MeterLocation;
  readonly mainDistributionLimit: PhaseVector;
  /** 4.61 'External Load Headroom'; zero before 4.61. */
  readonly headroom: PhaseVector;
  /** What the meter point contributes this period: see `meterPointReading`. */
  readonly reading: PhaseVector;
  /** The network's EVs' measured draw per grid phase (used with 'including' only). */
  readonly evDraw: PhaseVector;
}

export interface DlmLimitSettings {
  readonly subDistributionLimit: PhaseVector;
  readonly operatorLimit?: PhaseVector | undefined;
  /** §9 current offset, only while the downgrade input is active. */
  readonly downgradeOffset?: PhaseVector | undefined;
  readonly meter?: MeterPoint | undefined;
}

export interface EffectiveDlmLimit {
  readonly limit: PhaseVector;
  readonly source: [EffectiveLimitSource, EffectiveLimitSource, EffectiveLimitSource];
  /** Non-EV load at the meter point [A] (0 without a meter). */
  readonly externalLoad: PhaseVector;
  /** Main Distribution Limit − Headroom − external load [A], when a meter is in use. */
  readonly externalAvailable?: PhaseVector;
}

const NO_LOAD: PhaseVector = [0, 0, 0];
const each = (f: (p: GridPhase) => number): PhaseVector => [f(0), f(1), f(2)];

/**
 * The meter reading for this period: the live reading, or the fallback while the meter is
 * disconnected or has not been read. §7.4 contradicts itself on the fallback (help text: "assumed as
 * external meter value", 9999 ⇒ no current; table: 0 ⇒ no current); we follow the firmware help text.
 */
export function meterPointReading(
  connected: boolean,
  reading: PhaseVector | undefined,
  fallback: PhaseVector,
): PhaseVector {
  return connected && reading !== undefined ? reading : fallback;
}

export function externalLoadAt(meter: MeterPoint): PhaseVector {
  if (meter.location === 'excludingEvseSubDistribution') return meter.reading;
  return each((p) => Math.max(0, meter.reading[p] - meter.evDraw[p]));
}

export function externalAvailable(
  meter: MeterPoint,
  external: PhaseVector = externalLoadAt(meter),
): PhaseVector {
  return each((p) => Math.max(0, meter.mainDistributionLimit[p] - meter.headroom[p] - external[p]));
}

export function effectiveDlmLimit(settings: DlmLimitSettings): EffectiveDlmLimit {
  const { subDistributionLimit, operatorLimit, downgradeOffset, meter } = settings;
  const external = meter ? externalLoadAt(meter) : NO_LOAD;
  const available = meter && externalAvailable(meter, external);
  const limit: PhaseVector = [0, 0, 0];
  const source: [EffectiveLimitSource, EffectiveLimitSource, EffectiveLimitSource] = [
    'subDistribution',
    'subDistribution',
    'subDistribution',
  ];
  for (const p of [0, 1, 2] as const) {
    let cap = subDistributionLimit[p];
    // §9: the offset reduces the EVSE Sub-Distribution Limit; its sign is ambiguous, so use |offset|.
    if (downgradeOffset !== undefined)
      [cap, source[p]] = [Math.max(0, cap - Math.abs(downgradeOffset[p])), 'downgrade'];
    // §7.1: the operator limit is equal or smaller than the sub-distribution limit.
    const operator = operatorLimit?.[p];
    if (operator !== undefined && operator < cap) [cap, source[p]] = [operator, 'operator'];
    const fromMeter = available?.[p];
    if (fromMeter !== undefined && fromMeter < cap) [cap, source[p]] = [fromMeter, 'externalMeter'];
    limit[p] = cap;
  }
  return {
    limit,
    source,
    externalLoad: meter ? external : [0, 0, 0],
    ...(available !== undefined && { externalAvailable: available }),
  };
}
