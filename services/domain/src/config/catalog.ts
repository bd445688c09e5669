import { backendParams } from './catalog-backend';
import { dlmParams } from './catalog-dlm';
import { meterParams } from './catalog-meter';
import { networkParams } from './catalog-network';
import { stationParams } from './catalog-station';
import type { EnumOption, ParamSpec, ValueOf } from './catalog-types';
import type { FirmwareVersion } from './firmware';
import { FIRMWARE_VERSIONS } from './firmware';

// The ECU parameter catalog: every parameter of the Operator and Settings menus the manual names.

export const ecuParameters = {
  ...stationParams,
  ...networkParams,
  ...backendParams,
  ...dlmParams,
  ...meterParams,
};

export type EcuParamKey = keyof typeof ecuParameters;
/** One ECU's configuration in canonical form (catalog keys, canonical option values, triplets). */
export type EcuConfig = { [K in EcuParamKey]?: ValueOf<(typeof ecuParameters)[K]> };
export type EcuConfigValue = NonNullable<EcuConfig[EcuParamKey]>;

export const ECU_PARAM_KEYS = Object.keys(ecuParameters) as EcuParamKey[];

const specs = new Map<EcuParamKey, ParamSpec>(ECU_PARAM_KEYS.map((key) => [key, ecuParameters[key]]));

export function paramSpec(key: EcuParamKey): ParamSpec {
  return specs.get(key) as ParamSpec;
}

/** The parameter's name in the web interface of this firmware, or undefined if the version lacks it. */
export function paramName(key: EcuParamKey, version: FirmwareVersion): string | undefined {
  return paramSpec(key).names[version];
}

export function paramAvailable(key: EcuParamKey, version: FirmwareVersion): boolean {
  return paramName(key, version) !== undefined;
}

/** Per firmware version: the parameters it lacks and the (parameter, option) pairs it does not offer. */
export interface VersionGaps {
  params: EcuParamKey[];
  options: { key: EcuParamKey; value: string; label: string }[];
}

const gapsByVersion = new Map<FirmwareVersion, VersionGaps>(
  FIRMWARE_VERSIONS.map((version) => [version, computeGaps(version)]),
);

function computeGaps(version: FirmwareVersion): VersionGaps {
  const gaps: VersionGaps = { params: [], options: [] };
  for (const key of ECU_PARAM_KEYS) {
    const spec = paramSpec(key);
    if (spec.names[version] === undefined) gaps.params.push(key);
    else if (spec.type === 'enum')
      for (const option of spec.options)
        if (option.labels[version] === undefined)
          gaps.options.push({
            key,
            value: option.value,
            label: Object.values(option.labels)[0] ?? option.value,
          });
  }
  return gaps;
}

export function versionGaps(version: FirmwareVersion): VersionGaps {
  return gapsByVersion.get(version) ?? { params: [], options: [] };
}

export function optionAvailable(option: EnumOption, version: FirmwareVersion): boolean {
  return option.labels[version] !== undefined;
}

/** Case-, whitespace- and punctuation-spacing-insensitive form of a name or label. */
export function normaliseName(text: string): string {
  return text
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/\s*([()/[\]])\s*/g, '$1')
    .trim();
}

const keyByName = buildNameIndex();

function buildNameIndex(): Map<string, EcuParamKey> {
  const index = new Map<string, EcuParamKey>();
  for (const key of ECU_PARAM_KEYS) {
    const spec = paramSpec(key);
    const names = [key, ...Object.values(spec.names), ...(spec.aliases ?? [])];
    for (const name of names) if (name !== undefined) index.set(normaliseName(name), key);
  }
  return index;
}

/** The catalog key for a parameter name in any firmware's spelling (or the key itself). */
export function paramKeyByName(name: string): EcuParamKey | undefined {
  return keyByName.get(normaliseName(name));
}
