import type { Site } from '../config/site';
import { parseFirmware } from '../config/firmware';
import type { ConfigDrift } from './diff';
import { diffConfig } from './diff';
import type { ReportedConfig } from './normalise';

// Drift rolled up per site and fleet, with the fleet's firmware mix.

export interface EcuReport {
  /** Application version the ECU reports (boot notification); defaults to the site model's. */
  firmware?: string;
  config: ReportedConfig;
}

export interface EcuDriftReport {
  stationId: string;
  chargePointId: string;
  firmware: string;
  /** Undefined when the ECU has not reported its configuration. */
  drift?: ConfigDrift;
}

export interface DriftCounts {
  ecus: number;
  inSync: number;
  drifted: number;
  unreported: number;
  driftedParameters: number;
  notApplicable: number;
}

export interface SiteDriftReport {
  siteId: string;
  ecus: EcuDriftReport[];
  counts: DriftCounts;
  /** Charge points per firmware major.minor ('unknown' when unreadable). */
  firmwareMix: Record<string, number>;
}

export interface FleetDriftReport {
  sites: SiteDriftReport[];
  counts: DriftCounts;
  firmwareMix: Record<string, number>;
}

function emptyCounts(): DriftCounts {
  return { ecus: 0, inSync: 0, drifted: 0, unreported: 0, driftedParameters: 0, notApplicable: 0 };
}

function addCounts(into: DriftCounts, r: EcuDriftReport): void {
  into.ecus += 1;
  if (!r.drift) into.unreported += 1;
  else if (r.drift.inSync) into.inSync += 1;
  else into.drifted += 1;
  into.driftedParameters += r.drift?.drifted.length ?? 0;
  into.notApplicable += r.drift?.notApplicable.length ?? 0;
}

export function firmwareLabel(raw: string): string {
  const parsed = parseFirmware(raw);
  return parsed ? `${parsed.major}.${String(parsed.minor).padStart(2, '0')}` : 'unknown';
}

/** Drift of every ECU of the site (desired = the site model) against what the ECUs report. */
export function siteDrift(site: Site, reports: Readonly<Record<string, EcuReport>>): SiteDriftReport {
  const ecus: EcuDriftReport[] = [];
  const counts = emptyCounts();
  const firmwareMix: Record<string, number> = {};
  for (const station of site.stations)
    for (const ecu of station.ecus) {
      const report = reports[ecu.chargePointId];
      const firmware = report?.firmware ?? ecu.firmware;
      const entry: EcuDriftReport = {
        stationId: station.id,
        chargePointId: ecu.chargePointId,
        firmware,
        ...(report && { drift: diffConfig(ecu.config, report.config, firmware) }),
      };
      ecus.push(entry);
      addCounts(counts, entry);
      const label = firmwareLabel(firmware);
      firmwareMix[label] = (firmwareMix[label] ?? 0) + 1;
    }
  return { siteId: site.id, ecus, counts, firmwareMix };
}

export function fleetDrift(sites: readonly SiteDriftReport[]): FleetDriftReport {
  const counts = emptyCounts();
  const firmwareMix: Record<string, number> = {};
  for (const site of sites) {
    for (const key of Object.keys(counts) as (keyof DriftCounts)[]) counts[key] += site.counts[key];
    for (const [label, n] of Object.entries(site.firmwareMix))
      firmwareMix[label] = (firmwareMix[label] ?? 0) + n;
  }
  return { sites: [...sites], counts, firmwareMix };
}

/** Charge points per firmware version across sites, from the site models alone. */
export function firmwareMix(sites: readonly Site[]): Record<string, number> {
  const mix: Record<string, number> = {};
  for (const site of sites)
    for (const station of site.stations)
      for (const ecu of station.ecus) {
        const label = firmwareLabel(ecu.firmware);
        mix[label] = (mix[label] ?? 0) + 1;
      }
  return mix;
}
