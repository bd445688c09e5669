// SIMULATOR STAND-IN for the ECU's DLM master (§7 "Fair Trade (FIFO)"), only so the demo's numbers
// behave plausibly. It is NOT the allocation engine: services/domain/src/allocation replaces it.
// Equal per-phase share of one supply limit, whole amps, 0 or ≥ 6 A, FIFO decides who pauses. Pure.
import { MIN_CHARGING_CURRENT_A, type GridPhase } from './ev';

export interface DlmCharger {
  readonly id: string;
  /** Grid phases the charging EV loads at this CP. */
  readonly gridPhases: readonly GridPhase[];
  /** Plug-in time (ms since epoch): earlier EVs keep charging when not everyone fits. */
  readonly pluggedInAt: number;
  readonly ratedCurrentA: number;
}

/** Amps per phase for each charger: supplyLimitA (per phase) shared equally among the EVs on each phase. */
export function equalShareAllocation(
  supplyLimitA: number,
  chargers: readonly DlmCharger[],
): Map<string, number> {
  const fifo = [...chargers].sort((a, b) => a.pluggedInAt - b.pluggedInAt);
  for (let admitted = fifo.length; admitted > 0; admitted--) {
    const shares = shareAmong(supplyLimitA, fifo.slice(0, admitted));
    if ([...shares.values()].every((a) => a >= MIN_CHARGING_CURRENT_A)) {
      return new Map(fifo.map((c) => [c.id, shares.get(c.id) ?? 0]));
    }
  }
  return new Map(fifo.map((c) => [c.id, 0]));
}

function shareAmong(supplyLimitA: number, chargers: readonly DlmCharger[]): Map<string, number> {
  const perPhase: Record<GridPhase, number> = { L1: 0, L2: 0, L3: 0 };
  for (const c of chargers) for (const p of c.gridPhases) perPhase[p]++;
  return new Map(
    chargers.map((c) => {
      const busiest = Math.max(1, ...c.gridPhases.map((p) => perPhase[p]));
      return [c.id, Math.min(c.ratedCurrentA, Math.floor(supplyLimitA / busiest))];
    }),
  );
}
