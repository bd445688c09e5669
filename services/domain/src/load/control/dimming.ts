// §14a EnWG grid-operator dimming ("netzorientierte Steuerung") for non-public charge points, after the
// BNetzA ruling BK6-22-300 of 2023-11-27, Anlage 1 (technical rules, in force since 2024-01-01).
//
// The rule (BK6-22-300 Anlage 1, Nr. 4.5 "Mindestleistung"; numbering as the docs of the public `metering`
// crate cite it, docs.rs/crate/metering, src/grid/para14a.rs):
//   - direct control ("Direktsteuerung"): each steuerbare Verbrauchseinrichtung (steuVE) keeps at least
//     P_min,14a = 4.2 kW (a charge point is its own steuVE when it alone exceeds 4.2 kW, Anlage 1 Nr. 2.4.2);
//   - control through an energy management system (EMS) of n steuVE behind one grid connection:
//       P_min,14a = P_min,1 + (n − 1) × GZF(n) × 4.2 kW   (P_min,1 = 4.2 kW for charge points)
//     with the ruling's table of simultaneity factors (Gleichzeitigkeitsfaktoren):
//       n    2     3     4     5     6     7     8     ≥ 9
//       GZF  0.80  0.75  0.70  0.65  0.60  0.55  0.50  0.45
// Sources and how far each was checked:
// - 4.2 kW per device: energiewirtschaft.pro/?p=616 ("Die Mindestleistung für jeden Verbraucher, der mittels
//   Direktsteuerung angesteuert wird, beträgt 4,2 kW"), hw-elektro.de (§14a page), netz-leipzig.de.
// - The formula and GZF = 0.45 from n = 9: elexon-charging.com (2024-07-11) quoting BK6-22-300.
// - GZF for n = 2…8: the ruling's table as above, from our knowledge of BK6-22-300 Anlage 1; the values
//   stand (checked 2026-12-02) but the project's search corpus does not hold the ruling's own text, so no
//   retrieved copy of the table backs them — compare with the PDF on bundesnetzagentur.de (BK6-22-300,
//   Anlage 1) when one is at hand. Each n's guaranteed minimum is pinned in dimming.test.ts.

/** kW guaranteed per controllable device during dimming (BK6-22-300 Anlage 1). */
export const GUARANTEED_MINIMUM_KW_PER_DEVICE = 4.2;

/** Simultaneity factor (Gleichzeitigkeitsfaktor) by number of devices n under one EMS (BK6-22-300 Anlage 1 Nr. 4.5). */
export const SIMULTANEITY_FACTORS: Readonly<Record<number, number>> = {
  1: 1,
  2: 0.8,
  3: 0.75,
  4: 0.7,
  5: 0.65,
  6: 0.6,
  7: 0.55,
  8: 0.5,
};
/** GZF from 9 devices on. */
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
