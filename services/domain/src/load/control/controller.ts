import type { LoadControlSettings } from '../../contracts/load-control';
import type { PhaseVector } from '../../phases/index';
import { siteBudget, type MeterObservation, type SiteBudget } from './budget';
import type { ControlSite } from './control-site';
import { waterFill } from './split';

// Control above the ECU (DESIGN.md "Who allocates"; issue #13 point 4), pure: site + settings + the
// latest observations + what is commanded now → per DLM master the Operator EVSE Sub-Distribution
// Limit to command, and per charge point without a DLM master a ChargePointMaxProfile limit.
//   budget (budget.ts) → split across the consumers by demand (split.ts) → hysteresis per consumer.
// Safety rules, each held for every input:
//   - an operator limit is never above the network's EVSE Sub-Distribution Limit (§7.1);
//   - lowering is sent at once; raising only by ≥ hysteresisA, after holdS since the last change, and
//     never while a meter is stale or a fresh meter reading says the meter point is full;
//   - so the commanded limits never sum above the EV budget (held values are only ever below target).

export interface NetworkObservation {
  readonly at: string;
  /** The network's EVs' measured draw per grid phase (A). */
  readonly drawnA: PhaseVector;
  /** Charge points with an EV plugged in (Preparing, Charging, Suspended*). */
  readonly activeChargePoints: number;
  readonly meter?: MeterObservation;
}

export interface ChargePointObservation {
  readonly at: string;
  readonly drawnA: PhaseVector;
  readonly active: boolean;
}

export interface Commanded {
  readonly amps: number;
  /** When it was commanded (ISO). */
  readonly at: string;
}

export interface ControlOptions {
  /** A reading older than this (s) is stale. */
  readonly freshnessS: number;
  /** Raise only when the target is this many A above the commanded limit. */
  readonly hysteresisA: number;
  /** Raise only this long (s) after the last change of the consumer's limit. */
  readonly holdS: number;
  /** An idle consumer keeps this much (A) so a newly plugged-in EV can start (IEC 61851 minimum). */
  readonly idleFloorA: number;
  /**
   * An unchanged limit is sent again after this long (s): the keep-alive by which the edge agent knows
   * the cloud still controls (it restores its safe limit after its own, longer, silence timeout).
   */
  readonly refreshS: number;
}

export const DEFAULT_CONTROL_OPTIONS: ControlOptions = {
  freshnessS: 120,
  hysteresisA: 2,
  holdS: 60,
  idleFloorA: 6,
  refreshS: 240,
};

export interface ControlInput {
  readonly site: ControlSite;
  readonly settings: LoadControlSettings;
  readonly now: Date;
  readonly networks: Readonly<Record<string, NetworkObservation | undefined>>;
  readonly chargePoints: Readonly<Record<string, ChargePointObservation | undefined>>;
  readonly commanded: {
    readonly networks: Readonly<Record<string, Commanded | undefined>>;
    readonly chargePoints: Readonly<Record<string, Commanded | undefined>>;
  };
  readonly options?: Partial<ControlOptions>;
}

export type DecisionReason =
  | 'initial'
  | 'lower'
  | 'raise'
  | 'unchanged'
  | 'refresh'
  | 'withinHysteresis'
  | 'holding'
  | 'meterStale'
  | 'meterFull';

export interface LimitDecision {
  /** The limit that holds after this run (A): `targetA` when sent, else the commanded one. */
  readonly limitA: number;
  readonly targetA: number;
  /** Send a command (the limit changes). */
  readonly send: boolean;
  readonly reason: DecisionReason;
}

export interface NetworkDecision extends LimitDecision {
  readonly networkId: string;
  readonly masterChargePointId: string;
}
export interface ChargePointDecision extends LimitDecision {
  readonly chargePointId: string;
  readonly profile: 'ChargePointMaxProfile';
}

export interface ControlDecision {
  readonly at: string;
  readonly budget: SiteBudget;
  readonly networks: readonly NetworkDecision[];
  readonly chargePoints: readonly ChargePointDecision[];
}

interface Consumer {
  readonly capA: number;
  readonly demandA: number;
  readonly commanded: Commanded | undefined;
}

export function controlSite(input: ControlInput): ControlDecision {
  const options = { ...DEFAULT_CONTROL_OPTIONS, ...input.options };
  const { site, settings, now } = input;
  const networkLimits = new Map(settings.limits.networks.map((n) => [n.networkId, n.maxA]));
  const siteEvDrawA = evDraw(input);
  const meters = Object.fromEntries(site.networks.map((n) => [n.id, input.networks[n.id]?.meter]));
  const budget = siteBudget({ site, settings, now, meters, siteEvDrawA, freshnessS: options.freshnessS });
  // One operator limit holds on all three phases of a network: split the lowest phase's budget.
  const scalarBudget = Math.min(...budget.evBudgetA);

  const networkConsumers: Consumer[] = site.networks.map((net) => {
    const capA = Math.min(net.subDistributionLimitA, networkLimits.get(net.id) ?? Infinity);
    const active = (input.networks[net.id]?.activeChargePoints ?? 0) > 0;
    return {
      capA,
      demandA: active ? Math.min(capA, net.ratedSumA) : Math.min(capA, options.idleFloorA),
      commanded: input.commanded.networks[net.id],
    };
  });
  const cpConsumers: Consumer[] = site.chargePointsWithoutDlm.map((cp) => ({
    capA: cp.ratedA,
    demandA: input.chargePoints[cp.id]?.active ? cp.ratedA : Math.min(cp.ratedA, options.idleFloorA),
    commanded: input.commanded.chargePoints[cp.id],
  }));
  const consumers = [...networkConsumers, ...cpConsumers];
  const targets = waterFill(
    scalarBudget,
    consumers.map((c) => c.demandA),
  );
  const raiseBlock =
    budget.meter === 'stale' ? 'meterStale' : budget.meter === 'full' ? 'meterFull' : undefined;
  const decide = (c: Consumer, i: number): LimitDecision =>
    hysteresis(Math.min(targets[i] ?? 0, c.capA), c, now, options, raiseBlock);

  return {
    at: now.toISOString(),
    budget,
    networks: site.networks.map((net, i) => ({
      networkId: net.id,
      masterChargePointId: net.masterChargePointId,
      ...decide(networkConsumers[i] as Consumer, i),
    })),
    chargePoints: site.chargePointsWithoutDlm.map((cp, k) => ({
      chargePointId: cp.id,
      profile: 'ChargePointMaxProfile' as const,
      ...decide(cpConsumers[k] as Consumer, networkConsumers.length + k),
    })),
  };
}

function hysteresis(
  targetA: number,
  consumer: Consumer,
  now: Date,
  options: ControlOptions,
  raiseBlock: 'meterStale' | 'meterFull' | undefined,
): LimitDecision {
  const held = consumer.commanded;
  if (held === undefined) return { limitA: targetA, targetA, send: true, reason: 'initial' };
  // A commanded limit above the hardware cap (the configuration changed) is lowered like any other.
  if (targetA < held.amps) return { limitA: targetA, targetA, send: true, reason: 'lower' };
  const keep = (reason: DecisionReason): LimitDecision =>
    now.getTime() - Date.parse(held.at) >= options.refreshS * 1000
      ? { limitA: held.amps, targetA, send: true, reason: 'refresh' }
      : { limitA: held.amps, targetA, send: false, reason };
  if (targetA === held.amps) return keep('unchanged');
  if (raiseBlock !== undefined) return keep(raiseBlock);
  if (targetA - held.amps < options.hysteresisA) return keep('withinHysteresis');
  if (now.getTime() - Date.parse(held.at) < options.holdS * 1000) return keep('holding');
  return { limitA: targetA, targetA, send: true, reason: 'raise' };
}

function evDraw(input: ControlInput): PhaseVector {
  const total: PhaseVector = [0, 0, 0];
  const add = (d: PhaseVector | undefined): void => {
    if (d === undefined) return;
    total[0] += d[0];
    total[1] += d[1];
    total[2] += d[2];
  };
  for (const net of input.site.networks) add(input.networks[net.id]?.drawnA);
  for (const cp of input.site.chargePointsWithoutDlm) add(input.chargePoints[cp.id]?.drawnA);
  return total;
}
