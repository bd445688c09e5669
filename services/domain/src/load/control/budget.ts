import type { LoadControlSettings } from '../../contracts/load-control';
import type { PhaseVector } from '../../phases/index';
import type { ControlSite } from './control-site';
import { guaranteedMinimumKw } from './dimming';
import { scheduledSiteLimit } from './schedule';
import { kwToPhaseAmps, kwToPhaseAmpsAtLeast } from './units';

// The EV budget at the site's main connection this minute: the lowest of the main connection rating,
// the standing site limit, the schedule entry in force (site time zone) and the peak cap at the meter
// point, less the building's non-EV load; and during a §14a dimming signal at most the guaranteed minimum.

/** The latest reading of a DLM network's external meter, as stored. */
export interface MeterObservation {
  readonly at: string;
  readonly connected: boolean;
  readonly currentsA?: PhaseVector;
}

export type MeterVerdict =
  /** Every configured meter has a fresh reading and it leaves room. */
  | 'ok'
  /** No meter is configured: the building load is not known to the cloud (counted as 0). */
  | 'none'
  /** A configured meter is disconnected or its reading is older than the freshness window. */
  | 'stale'
  /** A fresh reading says the meter point is at or above its limit (Main Distribution − Headroom, or the site cap). */
  | 'full';

export type BudgetBinding = 'mainConnection' | 'siteLimit' | 'schedule' | 'peakCap' | 'dimming';

export interface SiteBudget {
  /** The site cap at the main connection per phase (A), before the building load. */
  readonly siteCapA: PhaseVector;
  readonly binding: BudgetBinding;
  /** Non-EV load at the main connection per phase (A), from the freshest meters (0 without one). */
  readonly externalLoadA: PhaseVector;
  /** What all EVs together may draw per phase (A). */
  readonly evBudgetA: PhaseVector;
  /** §14a: the guaranteed minimum in force (kW), while a dimming signal is on. */
  readonly dimmedToKw?: number;
  readonly meter: MeterVerdict;
}

export interface BudgetInput {
  readonly site: ControlSite;
  readonly settings: LoadControlSettings;
  readonly now: Date;
  /** By DLM network id. */
  readonly meters: Readonly<Record<string, MeterObservation | undefined>>;
  /** All EVs' measured draw at the site per grid phase (A). */
  readonly siteEvDrawA: PhaseVector;
  readonly freshnessS: number;
}

const PHASES = [0, 1, 2] as const;

export function siteBudget(input: BudgetInput): SiteBudget {
  const { site, settings, now } = input;
  let cap: PhaseVector = [...site.mainConnectionA];
  let binding: BudgetBinding = 'mainConnection';
  const lower = (limit: PhaseVector | undefined, why: BudgetBinding): void => {
    if (limit === undefined) return;
    for (const p of PHASES)
      if (limit[p] < cap[p]) {
        cap = [Math.min(cap[0], limit[0]), Math.min(cap[1], limit[1]), Math.min(cap[2], limit[2])];
        binding = why;
        return;
      }
  };
  const siteLimit = settings.limits.siteLimitA;
  lower(siteLimit && [siteLimit.l1, siteLimit.l2, siteLimit.l3], 'siteLimit');
  lower(scheduledSiteLimit(settings.schedule, now, site.timeZone), 'schedule');
  if (settings.peakCapKw !== undefined) {
    const a = kwToPhaseAmps(settings.peakCapKw);
    lower([a, a, a], 'peakCap');
  }
  const { externalLoadA, meter } = buildingLoad(input, cap);
  const evBudgetA: PhaseVector = [0, 0, 0];
  for (const p of PHASES) evBudgetA[p] = Math.max(0, Math.floor(cap[p] - externalLoadA[p]));
  let dimmedToKw: number | undefined;
  if (settings.dimming.active) {
    dimmedToKw = guaranteedMinimumKw(site.controllableDevices);
    const a = kwToPhaseAmpsAtLeast(dimmedToKw);
    if (PHASES.some((p) => a < evBudgetA[p])) binding = 'dimming';
    for (const p of PHASES) evBudgetA[p] = Math.min(evBudgetA[p], a);
  }
  return {
    siteCapA: cap,
    binding,
    externalLoadA,
    evBudgetA,
    ...(dimmedToKw !== undefined && { dimmedToKw }),
    meter,
  };
}

/**
 * The building's non-EV load from the networks' meters: §7.4.1 'excluding' reads it directly, §7.4.2
 * 'including' reads the EVs too (the site's EV draw is subtracted). Meters of several networks behind one
 * main connection see the same building: the highest estimate counts. A stale meter keeps its last
 * reading in the estimate (if any) and marks the verdict 'stale' (no raise, see controller.ts).
 */
function buildingLoad(
  input: BudgetInput,
  siteCap: PhaseVector,
): { externalLoadA: PhaseVector; meter: MeterVerdict } {
  const external: PhaseVector = [0, 0, 0];
  let configured = false;
  let stale = false;
  let full = false;
  for (const net of input.site.networks) {
    if (net.meter === undefined) continue;
    configured = true;
    const reading = input.meters[net.id];
    const fresh =
      reading !== undefined &&
      reading.connected &&
      reading.currentsA !== undefined &&
      input.now.getTime() - Date.parse(reading.at) <= input.freshnessS * 1000;
    if (!fresh) stale = true;
    const currents = reading?.currentsA;
    if (currents === undefined) continue;
    const including = net.meter.location === 'includingEvseSubDistribution';
    const total: PhaseVector = including
      ? currents
      : [
          currents[0] + input.siteEvDrawA[0],
          currents[1] + input.siteEvDrawA[1],
          currents[2] + input.siteEvDrawA[2],
        ];
    for (const p of PHASES) {
      external[p] = Math.max(
        external[p],
        including ? Math.max(0, currents[p] - input.siteEvDrawA[p]) : currents[p],
      );
      const meterLimit = net.meter.mainDistributionLimitA[p] - net.meter.headroomA[p];
      if (fresh && (total[p] >= meterLimit || total[p] >= siteCap[p])) full = true;
    }
  }
  const meter: MeterVerdict = !configured ? 'none' : stale ? 'stale' : full ? 'full' : 'ok';
  return { externalLoadA: external, meter };
}
