import type { FieldIssue } from '../contracts/issues';
import type { PhaseCurrents } from '../contracts/telemetry';
import { OCPP16_UNITS } from './ocpp16-sampled-value';

// OCPP 1.6 MeterValues.req → per-phase readings (pure). ECUs report Current.Import and Current.Offered
// per phase (phase 'L1'/'L2'/'L3', grid phases after the CP's rotation); a phase-less Current.Offered is
// the per-phase signal offered to the EV and applies to every phase.

export interface OcppSampledValue {
  value: string;
  context?: string;
  format?: string;
  measurand?: string;
  phase?: string;
  location?: string;
  unit?: string;
}
export interface OcppMeterValue {
  timestamp: string;
  sampledValue: OcppSampledValue[];
}

export interface MeterReading {
  timestamp: string;
  currentImport: PhaseCurrents;
  currentOffered: PhaseCurrents;
  activePowerW?: number;
  energyImportWh?: number;
}

const PHASE_KEY: Record<string, keyof PhaseCurrents> = {
  L1: 'l1',
  L2: 'l2',
  L3: 'l3',
  'L1-N': 'l1',
  'L2-N': 'l2',
  'L3-N': 'l3',
};
/**
 * The measurands read here, with the units each may come in (→ factor to A, W, Wh) and the unit assumed when
 * none is sent. Every other measurand, phase, location, context or format the 1.6 schema allows is ignored:
 * a valid MeterValues is never refused for what the agent does not use.
 */
const UNDERSTOOD: Record<string, { units: Record<string, number>; defaultUnit: string }> = {
  'Current.Import': { units: { A: 1 }, defaultUnit: 'A' },
  'Current.Offered': { units: { A: 1 }, defaultUnit: 'A' },
  'Power.Active.Import': { units: { W: 1, kW: 1000 }, defaultUnit: 'W' },
  'Energy.Active.Import.Register': { units: { Wh: 1, kWh: 1000 }, defaultUnit: 'Wh' },
};
/** The units the OCPP 1.6 schema allows, with both spellings of Celsius (errata 2025-04: accept both). */
const OCPP16_UNIT_SET: ReadonlySet<string> = new Set(OCPP16_UNITS);
/** A "Raw" sampled value is a decimal number (OCPP 1.6 SampledValue.value). */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Timestamps before this are from an ECU whose clock is not set yet (seen as 1970 in the field). */
const EARLIEST_PLAUSIBLE = Date.parse('2020-01-01T00:00:00Z');

export function plausibleTimestamp(reported: string | undefined, receivedAt: Date): string {
  const t = reported === undefined ? NaN : Date.parse(reported);
  return Number.isFinite(t) && t >= EARLIEST_PLAUSIBLE ? new Date(t).toISOString() : receivedAt.toISOString();
}

export function readMeterValues(
  meterValue: readonly OcppMeterValue[],
  receivedAt: Date,
): { reading: MeterReading } | { issues: FieldIssue[] } {
  const latestIndex = meterValue.reduce(
    (best, mv, i) =>
      best < 0 || Date.parse(mv.timestamp) >= Date.parse(meterValue[best]?.timestamp ?? '') ? i : best,
    -1,
  );
  const latest = meterValue[latestIndex];
  if (!latest) return { issues: [{ path: 'meterValue', message: 'no meter value' }] };
  const reading: MeterReading = {
    timestamp: plausibleTimestamp(latest.timestamp, receivedAt),
    currentImport: { l1: 0, l2: 0, l3: 0 },
    currentOffered: { l1: 0, l2: 0, l3: 0 },
  };
  const issues: FieldIssue[] = [];
  latest.sampledValue.forEach((sv, i) => {
    const path = `meterValue.${latestIndex}.sampledValue.${i}`;
    const measurand = sv.measurand ?? 'Energy.Active.Import.Register';
    const understood = Object.hasOwn(UNDERSTOOD, measurand) ? UNDERSTOOD[measurand] : undefined;
    if (!understood || !isReadHere(sv, measurand)) return;
    const unit = sv.unit ?? understood.defaultUnit;
    if (!OCPP16_UNIT_SET.has(unit))
      return issues.push({ path: `${path}.unit`, message: `unsupported unit ${unit}` });
    const scale = Object.hasOwn(understood.units, unit) ? understood.units[unit] : undefined;
    if (scale === undefined) return; // a 1.6 unit that does not fit this measurand: not read, not refused
    const value = DECIMAL.test(sv.value) ? Number(sv.value) : NaN;
    if (!Number.isFinite(value) || value < 0)
      return issues.push({
        path: `${path}.value`,
        message: `not a non-negative number: ${JSON.stringify(sv.value)}`,
      });
    applySample(reading, measurand, sv.phase, value * scale);
  });
  return issues.length ? { issues } : { reading };
}

const phaseKey = (phase: string | undefined): keyof PhaseCurrents | undefined =>
  phase !== undefined && Object.hasOwn(PHASE_KEY, phase) ? PHASE_KEY[phase] : undefined;

/** Only raw samples at the outlet (the default location) of a phase this reading keeps are read. */
function isReadHere(sv: OcppSampledValue, measurand: string): boolean {
  if (sv.format === 'SignedData') return false; // signed meter data is passed through, not interpreted
  if (sv.location !== undefined && sv.location !== 'Outlet') return false;
  if (measurand === 'Current.Import') return phaseKey(sv.phase) !== undefined;
  if (measurand === 'Current.Offered') return sv.phase === undefined || phaseKey(sv.phase) !== undefined;
  return sv.phase === undefined;
}

function applySample(
  reading: MeterReading,
  measurand: string,
  phase: string | undefined,
  value: number,
): void {
  const key = phaseKey(phase);
  if (measurand === 'Current.Import' && key) reading.currentImport[key] = value;
  else if (measurand === 'Current.Offered' && key) reading.currentOffered[key] = value;
  else if (measurand === 'Current.Offered' && phase === undefined)
    reading.currentOffered = { l1: value, l2: value, l3: value };
  else if (measurand === 'Power.Active.Import' && phase === undefined) reading.activePowerW = value;
  else if (measurand === 'Energy.Active.Import.Register' && phase === undefined)
    reading.energyImportWh = value;
}
