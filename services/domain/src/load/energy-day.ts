import type { MeterValuesTelemetry } from '../contracts/telemetry';

// Energy per day per charge point and per site (issue #13 point 5), from the meter values' energy
// register (OCPP Energy.Active.Import.Register, Wh), written by the ingest path without a read: each
// reading SETs its connector's day item's `lastWh` under the condition that the register does not go
// back (`lastWh <= :wh`, the item's ordering guard — a late or replayed lower reading is dropped), and
// `firstWh` only when the item is created. A day's energy is then a register delta:
//   lastWh(day) − lastWh(the connector's previous day with a reading)   (energy across midnight counts
//   for the day it was read on), or lastWh(day) − firstWh(day) for a connector's first day.
// Days are UTC days (the ingest does not know the site's time zone without a read).

/** How long a day's energy item lives: 400 days. */
export const ENERGY_DAY_TTL_S = 400 * 24 * 3600;

export interface EnergyDayChange {
  readonly chargePointId: string;
  readonly connectorId: number;
  /** UTC day 'YYYY-MM-DD' of the reading. */
  readonly day: string;
  readonly registerWh: number;
  readonly at: string;
  readonly expiresAtEpochS: number;
}

export const dayOf = (iso: string): string => new Date(iso).toISOString().slice(0, 10);

/** The day item's update of a meter-values message, or undefined without an energy register. */
export function energyDayChangeOf(message: MeterValuesTelemetry): EnergyDayChange | undefined {
  if (message.energyImportWh === undefined) return undefined;
  const day = dayOf(message.observedAt);
  return {
    chargePointId: message.chargePointId,
    connectorId: message.connectorId,
    day,
    registerWh: message.energyImportWh,
    at: message.observedAt,
    expiresAtEpochS: Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + ENERGY_DAY_TTL_S,
  };
}

/** A stored day item (what the adapter reads back). */
export interface EnergyDayItem {
  readonly chargePointId: string;
  readonly connectorId: number;
  readonly day: string;
  readonly firstWh: number;
  readonly lastWh: number;
}

export interface DayEnergy {
  day: string;
  siteWh: number;
  chargePoints: { chargePointId: string; wh: number }[];
}

/**
 * Energy per day of `days` (ascending), per charge point (its connectors summed) and per site, from
 * day items that may start before the first day (the previous day gives the first day's baseline).
 * A register that went down (a replaced meter) counts from the day's first reading.
 */
export function dailyEnergy(items: readonly EnergyDayItem[], days: readonly string[]): DayEnergy[] {
  const byConnector = new Map<string, EnergyDayItem[]>();
  for (const item of items) {
    const key = `${item.chargePointId}\u0000${item.connectorId}`;
    byConnector.set(key, [...(byConnector.get(key) ?? []), item]);
  }
  const wanted = new Set(days);
  const perDay = new Map<string, Map<string, number>>();
  for (const series of byConnector.values()) {
    series.sort((a, b) => a.day.localeCompare(b.day));
    series.forEach((item, i) => {
      if (!wanted.has(item.day)) return;
      const previous = series[i - 1];
      const base = previous !== undefined && previous.lastWh <= item.lastWh ? previous.lastWh : item.firstWh;
      const wh = Math.max(0, item.lastWh - base);
      const cps = perDay.get(item.day) ?? new Map<string, number>();
      cps.set(item.chargePointId, (cps.get(item.chargePointId) ?? 0) + wh);
      perDay.set(item.day, cps);
    });
  }
  return days.map((day) => {
    const cps = [...(perDay.get(day) ?? new Map<string, number>())]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([chargePointId, wh]) => ({ chargePointId, wh }));
    return { day, siteWh: cps.reduce((sum, cp) => sum + cp.wh, 0), chargePoints: cps };
  });
}

/** The UTC days from `fromIso` to `toIso` (exclusive end), ascending. */
export function daysBetween(fromIso: string, toIso: string): string[] {
  const days: string[] = [];
  const end = Date.parse(toIso);
  for (let t = Date.parse(`${dayOf(fromIso)}T00:00:00Z`); t < end; t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}
