// Effective per-phase limits of a DLM network (§7.1 operator limit, §7.4 external meter, §9 downgrade):
// the engine's input mapped onto the one effective-limit function (dlm/effective-limit.ts).
import { effectiveDlmLimit, meterPointReading, type EffectiveLimitSource } from '../dlm/effective-limit';
import { mapPhases, toGridPhases, type PhaseVector } from '../phases/index';
import type { DlmNetwork, ExternalMeter } from './schema';

export type NetworkLimitSource = EffectiveLimitSource;
export type LimitSource = NetworkLimitSource | 'mainConnection' | 'supplyLine';

export interface NetworkLimits {
  /** Current available to the network's EVs, per grid phase [A]. */
  readonly capacity: PhaseVector;
  /** Which setting set the capacity on each phase. */
  readonly source: readonly [NetworkLimitSource, NetworkLimitSource, NetworkLimitSource];
  /** Non-EV load seen at the meter point, per grid phase [A] (0 without a meter). */
  readonly externalLoad: PhaseVector;
}

/** The EVs' measured draw in this network, per grid phase [A]. */
export function measuredEvDraw(network: DlmNetwork): PhaseVector {
  const total: PhaseVector = [0, 0, 0];
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

/** The meter reading used for this sample period: the samples' average, or the fallback (§7.4). */
export function meterReading(meter: Exclude<ExternalMeter, { location: 'off' }>): PhaseVector {
  const n = meter.samples.length;
  const average = n === 0 ? undefined : mapPhases((p) => meter.samples.reduce((sum, s) => sum + s[p], 0) / n);
  return meterPointReading(meter.connected, average, meter.fallback);
}

const NO_DRAW: PhaseVector = [0, 0, 0];

function limitsOf(network: DlmNetwork) {
  const meter = network.externalMeter;
  return effectiveDlmLimit({
    subDistributionLimit: network.subDistributionLimit,
    operatorLimit: network.operatorLimit,
    downgradeOffset: network.downgrade?.active === true ? network.downgrade.offset : undefined,
    meter:
      meter.location === 'off'
        ? undefined
        : {
            location: meter.location,
            mainDistributionLimit: meter.mainDistributionLimit,
            headroom: meter.headroom,
            reading: meterReading(meter),
            // Only §7.4.2 'including' subtracts the EVs' own draw: skip the sum otherwise.
            evDraw: meter.location === 'includingEvseSubDistribution' ? measuredEvDraw(network) : NO_DRAW,
          },
  });
}

/** External (non-EV) load at the meter point, per grid phase. */
export function externalLoad(network: DlmNetwork): PhaseVector {
  return limitsOf(network).externalLoad;
}

export function networkLimits(network: DlmNetwork): NetworkLimits {
  const { limit, source, externalLoad } = limitsOf(network);
  return { capacity: limit, source, externalLoad };
}
