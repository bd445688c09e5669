import type { EcuConfig, EcuParamKey } from '../config/catalog';
import { normaliseName, paramSpec } from '../config/catalog';
import type { FirmwareVersion } from '../config/firmware';
import { FIRMWARE_VERSIONS } from '../config/firmware';
import { ocppKeyOf } from '../config/ocpp-configuration';
import { parseValue, renderValue } from '../drift/values';

// The DLM master's parameters as OCPP configuration keys (GetConfiguration / ChangeConfiguration).
// The key names are the one mapping of catalog parameters to OCPP keys, config/ocpp-keys.ts — ASSUMED
// there (the manual documents web-interface names only): the firmware's web-interface name without its
// unit suffix, ≤ 50 characters (OCPP 1.6 CiString50), following the 4.61 renames.
// Triplets are rendered '(l1/l2/l3)' as in the web interface; any spelling parseValue accepts is read.

/** The catalog parameters the edge agent reads from a DLM master (§7.1, §7.4, §8). */
export const DLM_MASTER_PARAMS = [
  'dlmMode',
  'dlmSampleRate',
  'evseSubDistributionLimit',
  'operatorEvseSubDistributionLimit',
  'operatorCurrentLimit',
  'currentImbalancePrevention',
  'currentImbalanceLimit',
  'externalMeterSupport',
  'externalMeterLocation',
  'mainDistributionLimit',
  'externalLoadHeadroom',
  'externalLoadFallback',
  'secondMeterConfig',
] as const satisfies readonly EcuParamKey[];
export type DlmMasterParam = (typeof DLM_MASTER_PARAMS)[number];

export const OCPP_KEY_MAX_LENGTH = 50;

/** The OCPP configuration key of a DLM parameter on this firmware; undefined if the firmware lacks it. */
export function dlmOcppKey(key: DlmMasterParam, version: FirmwareVersion): string | undefined {
  return ocppKeyOf(key, version);
}

/** Every key to ask a master of this firmware for. */
export function dlmOcppKeys(version: FirmwareVersion): string[] {
  return DLM_MASTER_PARAMS.flatMap((k) => dlmOcppKey(k, version) ?? []);
}

const keyIndex = new Map<string, DlmMasterParam>();
for (const key of DLM_MASTER_PARAMS)
  for (const version of FIRMWARE_VERSIONS) {
    const name = dlmOcppKey(key, version);
    if (name !== undefined) keyIndex.set(normaliseName(name), key);
  }

/** The catalog parameter behind an OCPP key in any firmware's spelling. */
export function dlmParamOfOcppKey(ocppKey: string): DlmMasterParam | undefined {
  return keyIndex.get(normaliseName(ocppKey));
}

export interface ReadDlmConfig {
  readonly config: EcuConfig;
  /** Keys of the reply that name a DLM parameter but whose value could not be read. */
  readonly invalid: { key: string; value: string }[];
}

/** A GetConfiguration.conf's configurationKey list → the DLM parameters in canonical form. */
export function readDlmConfiguration(entries: readonly { key: string; value?: string }[]): ReadDlmConfig {
  const config: EcuConfig = {};
  const invalid: { key: string; value: string }[] = [];
  for (const { key, value } of entries) {
    const param = dlmParamOfOcppKey(key);
    if (param === undefined || value === undefined) continue;
    const parsed = parseValue(paramSpec(param), value);
    if (parsed.ok) (config as Record<string, unknown>)[param] = parsed.value;
    else invalid.push({ key, value });
  }
  return { config, invalid };
}

/** A master's DLM configuration as OCPP keys and values of this firmware (the ECU simulator serves these). */
export function renderDlmOcppConfig(config: EcuConfig, version: FirmwareVersion): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of DLM_MASTER_PARAMS) {
    const value = config[key];
    const name = dlmOcppKey(key, version);
    if (value === undefined || name === undefined) continue;
    out[name] = renderValue(paramSpec(key), value, version);
  }
  return out;
}
