// §14a EnWG grid-operator dimming ("netzorientierte Steuerung") for non-public charge points, after the
// BNetzA ruling BK6-22-300 of 2023-11-27, Anlage 1 (technical rules, in force since 2024-01-01).
//
// Numbers and where they were checked (public sources found with the project's `search` tool):
// - 4.2 kW guaranteed minimum per directly controlled device — verified: energiewirtschaft.pro/?p=616
//   ("Die Mindestleistung für jeden Verbraucher, der mittels Direktsteuerung angesteuert wird, beträgt
//   4,2 kW"), elexon-charging.com (2024-07-11, §14a position paper summary), netz-leipzig.de.
// - With an energy management system (EMS) controlling n devices, the guaranteed minimum is
//   P_min = 4.2 kW + (n − 1) × GZF × 4.2 kW, with GZF = 0.45 from n = 9 on — verified: elexon-charging.com
//   (2024-07-11) quoting BK6-22-300.
// - The GZF for n = 2…8 (0.80, 0.75, 0.70, 0.65, 0.60, 0.55, 0.50) is the ruling's Anlage table as we
//   remember it; NOT verified from a public source here (the search found no page with the table).
//   Check it against BK6-22-300 Anlage 1 before relying on it for n = 2…8; the table is data below.

/** kW guaranteed per controllable device during dimming (BK6-22-300 Anlage 1). */
export const GUARANTEED_MINIMUM_KW_PER_DEVICE = 4.2;

/** Simultaneity factor (Gleichzeitigkeitsfaktor) by number of devices n under one EMS; index = n. */
export const SIMULTANEITY_FACTORS: Readonly<Record<number, number>> = {
  1: 1,
  2: 0.8, // unverified (see above)
  3: 0.75, // unverified
  4: 0.7, // unverified
  5: 0.65, // unverified
  6: 0.6, // unverified
  7: 0.55, // unverified
  8: 0.5, // unverified
};
/** GZF from 9 devices on (verified, see above). */
export const SIMULTANEITY_FACTOR_FROM_9 = 0.45;

export function simultaneityFactor(devices: number): number {
  if (devices <= 1) return 1;
  return SIMULTANEITY_FACTORS[devices] ?? SIMULTANEITY_FACTOR_FROM_9;
}

/**
 * The guaranteed minimum (kW) of a site whose `devices` controllable charge points are controlled
 * together by this system acting as the EMS: 4.2 kW + (n − 1) × GZF(n) × 4.2 kW; 0 devices → 0.
 */
export function guaranteedMinimumKw(devices: number): number {
  if (devices <= 0) return 0;
  const kw = GUARANTEED_MINIMUM_KW_PER_DEVICE;
  // Rounded to 0.01 kW so the sum of binary fractions does not shave a watt off the guarantee.
  return Math.round((kw + (devices - 1) * simultaneityFactor(devices) * kw) * 100) / 100;
}
