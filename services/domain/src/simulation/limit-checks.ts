// An independent check of every step: each limit of the site, recomputed from the scenario (not from
// the engine's own node report), against what was offered and what was drawn. Violations are counted.
import type { PhaseVector } from '../allocation/index';
import type { ScenarioNetwork, SimulationScenario } from './scenario';

const PHASES = [0, 1, 2] as const;

const TOL = 1e-6;
const MAX_EXAMPLES = 10;

export type LimitKind = 'mainConnection' | 'subDistribution' | 'mainDistribution' | 'supplyLine';

interface Limit {
  readonly nodeId: string;
  readonly kind: LimitKind;
  readonly limitA: PhaseVector;
  /** Indices of the charge points under this node (tree order). */
  readonly chargePoints: readonly number[];
  /** Non-EV load at this point by hour of day (Main Distribution Limit only). */
  readonly household: readonly PhaseVector[] | undefined;
}

export interface LimitPeak {
  readonly nodeId: string;
  readonly kind: LimitKind;
  readonly limitA: PhaseVector;
  /** Highest drawn load per phase L1/L2/L3 [A] (with household load at a Main Distribution Limit). */
  readonly peakA: PhaseVector;
}

export interface ImbalancePeak {
  readonly dlmNetworkId: string;
  /** Largest difference between two phases, EV and household load together [A]. */
  readonly peakA: number;
  /** §8 limit when unbalanced load prevention is on, else null. */
  readonly limitA: number | null;
}

export interface LimitViolation {
  readonly timeS: number;
  readonly nodeId: string;
  readonly what: 'offered' | 'drawn';
  readonly detail: string;
}

/** §7.1 operator limit and §9 downgrade lower the sub-distribution limit; the engine must hold the lowest. */
function effectiveSubDistribution(network: ScenarioNetwork): PhaseVector {
  return network.subDistributionLimit.map((sub, p) => {
    const down = network.downgrade?.active === true ? sub - Math.abs(network.downgrade.offset[p] ?? 0) : sub;
    return Math.max(0, Math.min(down, network.operatorLimit?.[p] ?? Infinity));
  }) as PhaseVector;
}

function limitsOf(scenario: SimulationScenario): { limits: Limit[]; networks: number[][] } {
  const limits: Limit[] = [];
  const networks: number[][] = [];
  let next = 0;
  const all: number[] = [];
  for (const network of scenario.dlmNetworks) {
    const under: number[] = [];
    for (const line of network.supplyLines) {
      const cps = line.chargePoints.map(() => next++);
      under.push(...cps);
      limits.push({
        nodeId: line.id,
        kind: 'supplyLine',
        limitA: line.limit,
        chargePoints: cps,
        household: undefined,
      });
    }
    const sub = effectiveSubDistribution(network);
    limits.push({
      nodeId: network.id,
      kind: 'subDistribution',
      limitA: sub,
      chargePoints: under,
      household: undefined,
    });
    const meter = network.externalMeter;
    if (meter.location !== 'off') {
      const limitA = meter.mainDistributionLimit.map((m, p) => m - (meter.headroom[p] ?? 0)) as PhaseVector;
      const household = network.householdLoad ?? [];
      limits.push({ nodeId: network.id, kind: 'mainDistribution', limitA, chargePoints: under, household });
    }
    networks.push(under);
    all.push(...under);
  }
  limits.unshift({
    nodeId: scenario.siteId,
    kind: 'mainConnection',
    limitA: scenario.mainConnectionLimit,
    chargePoints: all,
    household: undefined,
  });
  return { limits, networks };
}

/** Sums per-CP grid currents (3 per CP, L1/L2/L3) over the given CPs. */
function sum(grid: Float64Array, cps: readonly number[]): PhaseVector {
  const load: PhaseVector = [0, 0, 0];
  for (const c of cps) for (const p of PHASES) load[p] += grid[3 * c + p] ?? 0;
  return load;
}

const householdAt = (h: readonly PhaseVector[] | undefined, hour: number): PhaseVector =>
  h?.[hour] ?? [0, 0, 0];

export class LimitChecker {
  private readonly limits: Limit[];
  private readonly networks: number[][];
  private readonly peaks: PhaseVector[];
  private readonly imbalancePeaks: number[];
  violationCount = 0;
  /** Steps × phase pairs where the drawn (not the offered) load broke the §8 imbalance limit. */
  drawnImbalanceExceedances = 0;
  /** See SimulationReport.meterLagImbalanceExceedances. */
  meterLagImbalanceExceedances = 0;
  readonly examples: LimitViolation[] = [];

  constructor(private readonly scenario: SimulationScenario) {
    ({ limits: this.limits, networks: this.networks } = limitsOf(scenario));
    this.peaks = this.limits.map((): PhaseVector => [0, 0, 0]);
    this.imbalancePeaks = this.networks.map(() => 0);
  }

  /** One sample step: `offered` and `drawn` hold 3 grid currents per CP [A]. */
  observe(
    timeS: number,
    hour: number,
    offered: Float64Array,
    drawn: Float64Array,
    engineExternal: readonly PhaseVector[],
  ): void {
    this.limits.forEach((limit, i) => {
      const external = householdAt(limit.household, hour);
      for (const [what, grid] of [
        ['offered', offered],
        ['drawn', drawn],
      ] as const) {
        const ev = sum(grid, limit.chargePoints);
        const peak = this.peaks[i] ?? [0, 0, 0];
        for (const p of PHASES) {
          // External load alone over the limit is no fault of the allocation; EVs must then be at 0.
          const room = Math.max(0, limit.limitA[p] - external[p]);
          if (ev[p] > room + TOL)
            this.violate(
              timeS,
              limit.nodeId,
              what,
              `${limit.kind} L${p + 1}: ${ev[p]} A EV + ${external[p]} A other > ${limit.limitA[p]} A`,
            );
          if (what === 'drawn') peak[p] = Math.max(peak[p], ev[p] + external[p]);
        }
      }
    });
    this.scenario.dlmNetworks.forEach((network, n) =>
      this.checkImbalance(timeS, hour, network, n, offered, drawn, engineExternal[n]),
    );
  }

  private checkImbalance(
    timeS: number,
    hour: number,
    network: ScenarioNetwork,
    n: number,
    offered: Float64Array,
    drawn: Float64Array,
    engineExternal: PhaseVector | undefined,
  ): void {
    const cps = this.networks[n] ?? [];
    const external = householdAt(network.householdLoad, network.externalMeter.location === 'off' ? -1 : hour);
    const prevention = network.imbalancePrevention;
    // The engine is judged on what it was told (the external load it derived from its meter reading);
    // the truth is judged too, and a gap only the truth shows is measurement lag, reported apart.
    const views: ['offered' | 'drawn' | 'lag', Float64Array, PhaseVector][] = [
      ['offered', offered, engineExternal ?? external],
      ['lag', offered, external],
      ['drawn', drawn, external],
    ];
    for (const [what, grid, ext] of views) {
      const ev = sum(grid, cps);
      const load = PHASES.map((p) => ev[p] + ext[p]) as PhaseVector;
      if (what === 'drawn')
        this.imbalancePeaks[n] = Math.max(this.imbalancePeaks[n] ?? 0, Math.max(...load) - Math.min(...load));
      if (!prevention.enabled) continue;
      for (const p of PHASES)
        for (const q of PHASES) {
          // §8: where the external load alone is over the limit, EVs must not widen the gap.
          const allowed = Math.max(prevention.limit, ext[p] - ext[q]);
          if (load[p] - load[q] <= allowed + TOL) continue;
          // What EVs draw is not what they were offered: a 1-phase EV before its phases are detected,
          // or one drawing less than offered, unbalances the drawn load. Reported, not a violation.
          if (what === 'drawn') this.drawnImbalanceExceedances++;
          else if (what === 'lag') this.meterLagImbalanceExceedances++;
          else
            this.violate(
              timeS,
              network.id,
              what,
              `imbalance L${p + 1}−L${q + 1}: ${load[p] - load[q]} A > ${allowed} A`,
            );
        }
    }
  }

  private violate(timeS: number, nodeId: string, what: 'offered' | 'drawn', detail: string): void {
    this.violationCount++;
    if (this.examples.length < MAX_EXAMPLES) this.examples.push({ timeS, nodeId, what, detail });
  }

  peakReport(): LimitPeak[] {
    return this.limits.map((l, i) => ({
      nodeId: l.nodeId,
      kind: l.kind,
      limitA: l.limitA,
      peakA: this.peaks[i] ?? [0, 0, 0],
    }));
  }

  imbalanceReport(): ImbalancePeak[] {
    return this.scenario.dlmNetworks.map((network, n) => ({
      dlmNetworkId: network.id,
      peakA: this.imbalancePeaks[n] ?? 0,
      limitA: network.imbalancePrevention.enabled ? network.imbalancePrevention.limit : null,
    }));
  }
}
