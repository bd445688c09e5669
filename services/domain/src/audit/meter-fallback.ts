import type { EcuConfig } from '../config/catalog';
import type { PhaseTriplet } from '../config/catalog-types';
import { PHASES, zeroTriplet } from './values';

// What the configured 'External Load Fallback' does when the external meter fails.
// The manual contradicts itself: its table (§7.4.1) says 0 ⇒ no current and 9999 ⇒ the entire supply;
// the firmware help text says the fallback is *assumed as the external meter reading*, so 9999 ⇒ no
// current for EVs and 0 ⇒ other loads assumed absent. We model the firmware help text.

export interface FallbackEffect {
  /** Current per phase left for EVs while the meter is out (A), before the operator limit. */
  evBudget: PhaseTriplet;
  /** No current for EVs on any phase: charging stops. */
  stopsCharging: boolean;
  /** The fallback assumes no other load on some phase: EVs may take the whole main distribution limit. */
  assumesNoOtherLoad: boolean;
}

export function fallbackEffect(cfg: EcuConfig): FallbackEffect | undefined {
  const main = cfg.mainDistributionLimit;
  const fallback = cfg.externalLoadFallback;
  if (!main || !fallback) return undefined;
  const headroom = cfg.externalLoadHeadroom ?? zeroTriplet();
  const cap = cfg.operatorEvseSubDistributionLimit ?? cfg.evseSubDistributionLimit;
  const evBudget = zeroTriplet();
  for (const p of PHASES) {
    const left = Math.max(0, main[p] - headroom[p] - fallback[p]);
    evBudget[p] = cap ? Math.min(cap[p], left) : left;
  }
  return {
    evBudget,
    stopsCharging: PHASES.every((p) => evBudget[p] === 0),
    assumesNoOtherLoad: PHASES.some((p) => fallback[p] === 0),
  };
}
