import type { EcuConfig, EcuParamKey } from '../config/catalog';
import { ECU_PARAM_KEYS, optionAvailable, paramKeyByName, paramSpec } from '../config/catalog';
import type { FirmwareVersion } from '../config/firmware';
import { parseValue, renderValue } from './values';

// Reported configuration (names in any firmware spelling, values as strings or numbers) → canonical.

/** What an ECU reports: parameter names (or catalog keys) to raw values. */
export type ReportedConfig = Readonly<Record<string, unknown>>;

export interface InvalidReportedValue {
  name: string;
  key: EcuParamKey;
  reason: string;
}

export interface NormalisedConfig {
  config: EcuConfig;
  /** Names the catalog does not know (other menus, read-only state). */
  unknownNames: string[];
  invalid: InvalidReportedValue[];
}

export function normaliseReported(reported: ReportedConfig): NormalisedConfig {
  const config: Record<string, unknown> = {};
  const unknownNames: string[] = [];
  const invalid: InvalidReportedValue[] = [];
  for (const [name, raw] of Object.entries(reported)) {
    if (raw === undefined || raw === null) continue;
    const key = paramKeyByName(name);
    if (!key) {
      unknownNames.push(name);
      continue;
    }
    const parsed = parseValue(paramSpec(key), raw);
    if (parsed.ok) config[key] = parsed.value;
    else invalid.push({ name, key, reason: parsed.reason });
  }
  return { config: config, unknownNames, invalid };
}

/**
 * The configuration as the given firmware's web interface names and shows it: parameters and options
 * the version lacks are left out, secrets are redacted.
 */
export function renderConfig(config: EcuConfig, version: FirmwareVersion): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ECU_PARAM_KEYS) {
    const value = config[key];
    const spec = paramSpec(key);
    const name = spec.names[version];
    if (value === undefined || name === undefined) continue;
    if (spec.type === 'enum') {
      const option = spec.options.find((o) => o.value === value);
      if (!option || !optionAvailable(option, version)) continue;
    }
    out[name] = renderValue(spec, value, version);
  }
  return out;
}
