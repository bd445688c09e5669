import type { EcuConfig, EcuConfigValue, EcuParamKey } from '../config/catalog';
import { ECU_PARAM_KEYS, optionAvailable, paramSpec } from '../config/catalog';
import type { ParamApply } from '../config/catalog-types';
import type { FirmwareVersion } from '../config/firmware';
import { firmwareVersionOf } from '../config/firmware';
import type { InvalidReportedValue, ReportedConfig } from './normalise';
import { normaliseReported } from './normalise';
import { REDACTED, renderValue, sameValue } from './values';

// Desired vs reported configuration of one ECU, aware of its firmware: a renamed parameter is not drift
// (names are matched in every spelling), one the version lacks is 'not applicable'.

export interface DriftEntry {
  key: EcuParamKey;
  /** The parameter's name in this firmware. */
  name: string;
  status: 'changed' | 'missing';
  desired: string;
  reported?: string;
  /** 'runtime' changes apply at once; others need 'Save & Restart'. */
  apply: ParamApply;
}

export interface NotApplicableEntry {
  key: EcuParamKey;
  reason: 'parameter' | 'option';
  message: string;
}

export interface ConfigDrift {
  firmware: FirmwareVersion | undefined;
  drifted: DriftEntry[];
  notApplicable: NotApplicableEntry[];
  /** Secrets the ECU does not report back (compared only when reported in clear). */
  unverifiable: EcuParamKey[];
  invalid: InvalidReportedValue[];
  unknownNames: string[];
  inSync: boolean;
}

function applicability(
  key: EcuParamKey,
  value: EcuConfigValue,
  version: FirmwareVersion,
): NotApplicableEntry | undefined {
  const spec = paramSpec(key);
  if (spec.names[version] === undefined)
    return {
      key,
      reason: 'parameter',
      message: `'${spec.names['4.61'] ?? key}' does not exist in firmware ${version}`,
    };
  if (spec.type === 'enum') {
    const option = spec.options.find((o) => o.value === value);
    if (option && !optionAvailable(option, version))
      return {
        key,
        reason: 'option',
        message: `option '${renderValue(spec, value, version)}' of '${spec.names[version]}' does not exist in ${version}`,
      };
  }
  return undefined;
}

function compareOne(
  key: EcuParamKey,
  desired: EcuConfigValue,
  reported: EcuConfigValue | undefined,
  version: FirmwareVersion,
): DriftEntry | 'unverifiable' | undefined {
  const spec = paramSpec(key);
  const secretHidden = spec.secret && (reported === undefined || reported === REDACTED);
  if (secretHidden) return 'unverifiable';
  if (reported !== undefined && sameValue(desired, reported)) return undefined;
  const base = {
    key,
    name: spec.names[version] ?? key,
    desired: renderValue(spec, desired, version),
    apply: spec.apply,
  };
  if (reported === undefined) return { ...base, status: 'missing' };
  return { ...base, status: 'changed', reported: renderValue(spec, reported, version) };
}

/**
 * Drift of one ECU. `reported` may use any firmware's names and spellings, or catalog keys;
 * `firmware` is the ECU's version ('4.61' or an application version like '4.52-5412-d6a2288f6').
 */
export function diffConfig(desired: EcuConfig, reported: ReportedConfig, firmware: string): ConfigDrift {
  const version = firmwareVersionOf(firmware);
  const normalised = normaliseReported(reported);
  const drift: ConfigDrift = {
    firmware: version,
    drifted: [],
    notApplicable: [],
    unverifiable: [],
    invalid: normalised.invalid,
    unknownNames: normalised.unknownNames,
    inSync: false,
  };
  for (const key of ECU_PARAM_KEYS) {
    const want = desired[key];
    if (want === undefined) continue;
    const notApplicable = version ? applicability(key, want, version) : undefined;
    if (notApplicable) {
      drift.notApplicable.push(notApplicable);
      continue;
    }
    const outcome = compareOne(key, want, normalised.config[key], version ?? '4.61');
    if (outcome === 'unverifiable') drift.unverifiable.push(key);
    else if (outcome) drift.drifted.push(outcome);
  }
  drift.inSync = drift.drifted.length === 0 && drift.invalid.length === 0;
  return drift;
}
