// How a simulated EV takes the current it is offered (DESIGN.md "Facts for simulators").
import type { PluggedEv } from './engine-input';

/** IEC 61851: below 6 A an EV cannot charge; it pauses. */
export const EV_MIN_CURRENT_A = 6;
/** Share of the energy need, at the end, over which the on-board charger tapers. */
const TAPER_SHARE = 0.2;
/** Lowest current a tapering EV still draws [A] (some draw less than offered near full). */
const TAPER_FLOOR_A = 2;

/** Current the EV draws per loaded phase when offered `offeredA` [A]. */
export function drawnCurrent(ev: PluggedEv, offeredA: number): number {
  if (offeredA < EV_MIN_CURRENT_A) return 0;
  const { maxCurrentA, energyNeedWh } = ev.arrival;
  const remaining = Math.max(0, energyNeedWh - ev.deliveredWh) / energyNeedWh;
  const taper =
    remaining >= TAPER_SHARE ? maxCurrentA : Math.max(TAPER_FLOOR_A, (maxCurrentA * remaining) / TAPER_SHARE);
  return Math.min(offeredA, maxCurrentA, taper);
}

/**
 * Charges the EV for one step and returns the average current it drew per loaded phase [A]:
 * the energy is capped at what the EV still needs, so delivered never exceeds the need.
 */
export function chargeStep(
  ev: PluggedEv,
  offeredA: number,
  phases: number,
  voltageV: number,
  stepS: number,
): number {
  const current = drawnCurrent(ev, offeredA);
  if (current <= 0) return 0;
  const whPerAmp = (phases * voltageV * stepS) / 3600;
  const energyWh = Math.min(current * whPerAmp, Math.max(0, ev.arrival.energyNeedWh - ev.deliveredWh));
  ev.deliveredWh += energyWh;
  return energyWh / whPerAmp;
}
