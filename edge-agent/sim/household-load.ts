// Household/building load per grid phase through the day (DESIGN.md "Facts for simulators"):
// a base load, a morning and a larger evening peak, uneven phases, seeded noise. Pure.
import type { Random } from './random';

export interface HouseholdLoadProfile {
  /** Always-on load per phase (A). */
  readonly baseA: number;
  /** Extra load at the morning peak (~07:30) per phase (A). */
  readonly morningPeakA: number;
  /** Extra load at the evening peak (~19:00) per phase (A). */
  readonly eveningPeakA: number;
  /** Relative share of each phase (single-phase appliances make phases uneven). */
  readonly phaseWeights: readonly [number, number, number];
  /** Offset of the site's local time from UTC (min); the profile follows local time. */
  readonly utcOffsetMinutes: number;
  /** Relative noise amplitude, e.g. 0.1 for ±10 %. */
  readonly noise: number;
}

export const DEFAULT_HOUSEHOLD_PROFILE: HouseholdLoadProfile = {
  baseA: 4,
  morningPeakA: 10,
  eveningPeakA: 18,
  phaseWeights: [1.0, 0.75, 1.2],
  utcOffsetMinutes: 60,
  noise: 0.1,
};

function bump(hour: number, centre: number, widthH: number): number {
  const d = Math.min(Math.abs(hour - centre), 24 - Math.abs(hour - centre));
  return Math.exp(-(d * d) / (2 * widthH * widthH));
}

/** Household current per grid phase (A) at `at`. */
export function householdCurrents(
  at: Date,
  random: Random,
  p: HouseholdLoadProfile = DEFAULT_HOUSEHOLD_PROFILE,
): [number, number, number] {
  const minutes = (at.getUTCHours() * 60 + at.getUTCMinutes() + p.utcOffsetMinutes + 1440) % 1440;
  const hour = minutes / 60;
  const shape = p.baseA + p.morningPeakA * bump(hour, 7.5, 1.2) + p.eveningPeakA * bump(hour, 19, 2);
  const phase = (w: number): number => Math.max(0, shape * w * (1 + p.noise * (2 * random() - 1)));
  return [phase(p.phaseWeights[0]), phase(p.phaseWeights[1]), phase(p.phaseWeights[2])];
}
