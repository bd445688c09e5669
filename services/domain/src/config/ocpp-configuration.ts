import { parseValue, renderValue } from '../drift/values';
import type { EcuConfig, EcuConfigValue, EcuParamKey } from './catalog';
import { ECU_PARAM_KEYS, normaliseName, optionAvailable, paramSpec } from './catalog';
import type { ParamApply } from './catalog-types';
import { paramValueSchema } from './config-schema';
import type { FirmwareVersion } from './firmware';
import { FIRMWARE_VERSIONS } from './firmware';
import { ocppKeyMap } from './ocpp-keys';

// Reading and writing the catalog's parameters as OCPP configuration keys, from the data in ocpp-keys.ts:
// which key a parameter has on a firmware, which parameter a key names, the keys an ECU of a firmware
// serves (the simulator), and what ChangeConfiguration of a key must answer (OCPP 1.6 §5.3).

/** The OCPP key of a catalog parameter on this firmware; undefined when the firmware lacks it. */
export function ocppKeyOf(param: EcuParamKey, version: FirmwareVersion): string | undefined {
  return ocppKeyMap[param].keys[version];
}

export function ocppKeyReadonly(param: EcuParamKey): boolean {
  return ocppKeyMap[param].readonly;
}

const byVersion = new Map<FirmwareVersion, Map<string, EcuParamKey>>(
  FIRMWARE_VERSIONS.map((version) => [
    version,
    new Map(
      ECU_PARAM_KEYS.flatMap((param) => {
        const key = ocppKeyOf(param, version);
        return key === undefined ? [] : [[normaliseName(key), param] as const];
      }),
    ),
  ]),
);
const anyVersion = new Map<string, EcuParamKey>(
  [...byVersion.values()].flatMap((index) => [...index.entries()]),
);

/**
 * The catalog parameter an OCPP key names: in this firmware's spelling first, else in any firmware's (an
 * unknown firmware, or an ECU still answering a pre-4.61 name). Case- and spacing-insensitive.
 */
export function paramOfOcppKey(key: string, version?: FirmwareVersion): EcuParamKey | undefined {
  const name = normaliseName(key);
  return (version && byVersion.get(version)?.get(name)) ?? anyVersion.get(name);
}

/** One entry of GetConfiguration.conf's configurationKey (OCPP 1.6 §6.23 KeyValue). */
export interface OcppKeyValue {
  key: string;
  readonly: boolean;
  /** Absent: the key is known but not set, or write-only. */
  value?: string;
}

/**
 * What an ECU of this firmware answers to GetConfiguration for the catalog's parameters: every parameter
 * the firmware has, under its key, with the configured value rendered as the firmware shows it (absent
 * when not configured, and always for secrets: write-only).
 */
export function renderOcppConfiguration(config: EcuConfig, version: FirmwareVersion): OcppKeyValue[] {
  return ECU_PARAM_KEYS.flatMap((param) => {
    const key = ocppKeyOf(param, version);
    if (key === undefined) return [];
    const spec = paramSpec(param);
    const value = config[param];
    const entry: OcppKeyValue = { key, readonly: ocppKeyReadonly(param) };
    if (value !== undefined && !spec.secret) entry.value = renderValue(spec, value, version);
    return [entry];
  });
}

export type ValueCheck = { ok: true; value: EcuConfigValue } | { ok: false; reason: string };

/** An OCPP value for a parameter on this firmware: readable, in range, an option the firmware offers. */
export function checkOcppValue(param: EcuParamKey, raw: string, version: FirmwareVersion): ValueCheck {
  const spec = paramSpec(param);
  // parseValue reads reports leniently ('30 sec'); a value to set must be the number alone.
  if (spec.type === 'int' && !/^\s*-?\d+\s*$/.test(raw)) return { ok: false, reason: 'not a whole number' };
  const parsed = parseValue(spec, raw);
  if (!parsed.ok) return parsed;
  const valid = paramValueSchema(spec).safeParse(parsed.value);
  if (!valid.success) return { ok: false, reason: valid.error.issues[0]?.message ?? 'out of range' };
  if (spec.type === 'enum') {
    const option = spec.options.find((o) => o.value === parsed.value);
    if (option && !optionAvailable(option, version))
      return { ok: false, reason: `option '${raw}' does not exist in firmware ${version}` };
  }
  return { ok: true, value: parsed.value };
}

export type ConfigurationChange =
  | { status: 'NotSupported' }
  | { status: 'Rejected'; param: EcuParamKey; reason: string }
  | {
      status: 'Accepted' | 'RebootRequired';
      param: EcuParamKey;
      value: EcuConfigValue;
      /** The value as GetConfiguration shows it from now on (undefined for a write-only secret). */
      rendered: string | undefined;
      apply: ParamApply;
    };

/**
 * ChangeConfiguration of a catalog key on an ECU of this firmware (OCPP 1.6 §5.3): NotSupported for a
 * key the firmware does not have, Rejected when read-only or the value is invalid, RebootRequired for a
 * 'Save & Restart' parameter, else Accepted.
 */
export function planConfigurationChange(
  key: string,
  value: string,
  version: FirmwareVersion,
): ConfigurationChange {
  const param = byVersion.get(version)?.get(normaliseName(key));
  if (param === undefined) return { status: 'NotSupported' };
  if (ocppKeyReadonly(param)) return { status: 'Rejected', param, reason: 'read-only' };
  const checked = checkOcppValue(param, value, version);
  if (!checked.ok) return { status: 'Rejected', param, reason: checked.reason };
  const spec = paramSpec(param);
  return {
    status: spec.apply === 'saveAndRestart' ? 'RebootRequired' : 'Accepted',
    param,
    value: checked.value,
    rendered: spec.secret ? undefined : renderValue(spec, checked.value, version),
    apply: spec.apply,
  };
}
