// Power ↔ per-phase current at the meter point: three-phase, 230 V phase-to-neutral nominal
// (EN 50160), cos φ = 1 — the conversion the ECU's own kW figures use (32 A × 3 × 230 V = 22 kW).

export const NOMINAL_PHASE_VOLTAGE_V = 230;

/** The per-phase current (A, whole, rounded down) a three-phase power of `kw` is. */
export function kwToPhaseAmps(kw: number, voltageV = NOMINAL_PHASE_VOLTAGE_V): number {
  return Math.floor((kw * 1000) / (3 * voltageV) + 1e-9);
}

/** Rounded up so a guaranteed minimum in kW is never cut by the conversion. */
export function kwToPhaseAmpsAtLeast(kw: number, voltageV = NOMINAL_PHASE_VOLTAGE_V): number {
  return Math.ceil((kw * 1000) / (3 * voltageV) - 1e-9);
}

export function phaseAmpsToKw(amps: number, voltageV = NOMINAL_PHASE_VOLTAGE_V): number {
  return (amps * 3 * voltageV) / 1000;
}
