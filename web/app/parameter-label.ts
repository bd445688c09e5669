import { ECU_PARAM_KEYS, paramSpec, type EcuParamKey } from '@ampfleet/domain';

/** A catalog parameter under the name the newest firmware's web interface shows (the key if unknown). */
export function parameterLabel(key: string): string {
  if (!(ECU_PARAM_KEYS as readonly string[]).includes(key)) return key;
  const names = paramSpec(key as EcuParamKey).names;
  return names['4.61'] ?? Object.values(names).find((n) => n !== undefined) ?? key;
}
