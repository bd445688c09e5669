import type { LoadHistoryOutput } from '../contracts/load';
import { csvText } from '../csv';

// The load history as CSV (issue #13 point 6): exactly the range on screen, one row per point and DLM
// network; times in UTC ISO, currents in A, power in W, energy in a second export; formula-safe cells.

const PHASES = ['l1', 'l2', 'l3'] as const;

export const LOAD_HISTORY_CSV_HEADER = [
  'network',
  'start_utc',
  'minutes_with_data',
  ...PHASES.flatMap((p) => [`drawn_${p}_avg_A`, `drawn_${p}_min_A`, `drawn_${p}_max_A`]),
  ...PHASES.map((p) => `meter_${p}_avg_A`),
  'meter_power_avg_W',
  ...PHASES.map((p) => `effective_limit_${p}_A`),
] as const;

export function loadHistoryCsv(history: LoadHistoryOutput): string {
  const rows = history.networks.flatMap((n) =>
    n.points.map((p) => [
      n.networkId,
      p.t,
      p.minutes,
      ...PHASES.flatMap((ph) => [p.drawn?.[ph].avg, p.drawn?.[ph].min, p.drawn?.[ph].max]),
      ...PHASES.map((ph) => p.meter?.[ph].avg),
      p.powerW?.avg,
      ...PHASES.map((ph) => p.limit?.[ph]),
    ]),
  );
  return csvText(LOAD_HISTORY_CSV_HEADER, rows);
}

/** The energy per day of a history as CSV: one row per day and charge point, and one for the site. */
export function energyByDayCsv(history: LoadHistoryOutput): string {
  const rows = history.energyByDay.flatMap((d) => [
    [d.day, 'site', d.siteWh],
    ...d.chargePoints.map((cp) => [d.day, cp.chargePointId, cp.wh]),
  ]);
  return csvText(['day_utc', 'charge_point', 'energy_Wh'], rows);
}
