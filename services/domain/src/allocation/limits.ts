// Effective per-phase limits of a DLM network (§7.1 operator limit, §7.4 external meter, §9 downgrade).
import { GRID_PHASES, toGridPhases } from './phases';
import type { DlmNetwork, ExternalMeter, PerPhaseAmps } from './schema';

export type NetworkLimitSource = 'subDistribution' | 'downgrade' | 'operator' | 'externalMeter';
export type LimitSource = NetworkLimitSource | 'mainConnection' | 'supplyLine';

export interface NetworkLimits {
  /** Current available to the network's EVs, per grid phase [A]. */
  readonly capacity: PerPhaseAmps;
  /** Which setting set the capacity on each phase. */
  readonly source: readonly [NetworkLimitSource, NetworkLimitSource, NetworkLimitSource];
  /** Non-EV load seen at the meter point, per grid phase [A] (0 without a meter). */
  readonly externalLoad: PerPhaseAmps;
}

const mapPhases = (f: (p: 0 | 1 | 2) => number): PerPhaseAmps => [f(0), f(1), f(2)];

/** The EVs' measured draw in this network, per grid phase [A]. */
export function measuredEvDraw(network: DlmNetwork): PerPhaseAmps {
  const total: PerPhaseAmps = [0, 0, 0];
  for (const line of network.supplyLines)
    for (const cp of line.chargePoints) {
      if (cp.ev === undefined) continue;
      const [g1, g2, g3] = toGridPhases(cp.ev.measuredCurrent, cp.phaseRotation);
      total[0] += g1;
      total[1] += g2;
      total[2] += g3;
    }
  return total;
}

/**
 * The meter reading used for this sample period: the average of the samples, or the fallback
 * while the meter is disconnected. §7.4 contradicts itself on the fallback: the parameter help text
 * says it "is assumed as external meter value" (9999 ⇒ no current), the description table says
 * 0 ⇒ no current and 9999 ⇒ entire supply. We follow the firmware help text: the fallback replaces
 * the reading, so 9999 stops charging and 0 frees the whole Main Distribution Limit.
 */
export function meterReading(meter: Exclude<ExternalMeter, { location: 'off' }>): PerPhaseAmps {
  if (!meter.connected || meter.samples.length === 0) return meter.fallback;
  const n = meter.samples.length;
  return mapPhases((p) => meter.samples.reduce((sum, s) => sum + s[p], 0) / n);
}

/** External (non-EV) load at the meter point, per grid phase. */
export function externalLoad(network: DlmNetwork): PerPhaseAmps {
  const meter = network.externalMeter;
  if (meter.location === 'off') return [0, 0, 0];
  const reading = meterReading(meter);
  if (meter.location === 'excludingEvseSubDistribution') return reading;
  // §7.4.2: the meter sees EVs too; what is not EV draw is external load (never negative).
  const evDraw = measuredEvDraw(network);
  return mapPhases((p) => Math.max(0, reading[p] - evDraw[p]));
}

export function networkLimits(network: DlmNetwork): NetworkLimits {
  const external = externalLoad(network);
  const meter = network.externalMeter;
  const capacity: PerPhaseAmps = [0, 0, 0];
  const source: [NetworkLimitSource, NetworkLimitSource, NetworkLimitSource] = [
    'subDistribution',
    'subDistribution',
    'subDistribution',
  ];
  for (const p of GRID_PHASES) {
    let cap = network.subDistributionLimit[p];
    // §9: the offset reduces the EVSE Sub-Distribution Limit; its sign is ambiguous, so use |offset|.
    if (network.downgrade?.active === true) {
      cap = Math.max(0, cap - Math.abs(network.downgrade.offset[p]));
      source[p] = 'downgrade';
    }
    // §7.1: the operator limit is equal or smaller than the sub-distribution limit.
    const operator = network.operatorLimit?.[p];
    if (operator !== undefined && operator < cap) [cap, source[p]] = [operator, 'operator'];
    if (meter.location !== 'off') {
      const available = Math.max(0, meter.mainDistributionLimit[p] - meter.headroom[p] - external[p]);
      if (available < cap) [cap, source[p]] = [available, 'externalMeter'];
    }
    capacity[p] = cap;
  }
  return { capacity, source, externalLoad: external };
}
