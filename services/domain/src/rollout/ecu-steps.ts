import type { EcuConfigValue, EcuParamKey } from '../config/catalog';
import { ECU_PARAM_KEYS, paramSpec } from '../config/catalog';
import type { ParamApply } from '../config/catalog-types';
import { firmwareVersionOf } from '../config/firmware';
import { ocppKeyOf, ocppKeyReadonly } from '../config/ocpp-configuration';
import type { Site, StationEcu } from '../config/site';
import { renderValue, sameValue } from '../drift/values';

// What reaching the new desired configuration takes per ECU: one ChangeConfiguration per parameter whose
// value the change set (OCPP key and value as this ECU's firmware spells them), 'manual' for keys that are
// read-only over OCPP (web interface only, ocpp-keys.ts), and whether a Reset must follow (Save & Restart).
// Kept in rollout/ beside drift's apply planner so the two can be unified later.

export interface ParamStep {
  param: EcuParamKey;
  /** The OCPP key on this ECU's firmware (undefined: the firmware lacks it). */
  key?: string;
  /** The value as the firmware shows it, what ChangeConfiguration sends. */
  value: string;
  apply: ParamApply;
  /** send: ChangeConfiguration; manual: set it in the ECU's web interface (read-only over OCPP). */
  action: 'send' | 'manual';
}

export interface EcuStep {
  stationId: string;
  chargePointId: string;
  params: ParamStep[];
  /** A sent parameter takes effect only after Save & Restart (a Reset, once confirmed). */
  restartNeeded: boolean;
}

function changedParams(before: StationEcu | undefined, after: StationEcu): EcuParamKey[] {
  if (before === after) return [];
  // Catalog order (stable command order), only over the keys the ECU's configuration sets.
  return ECU_PARAM_KEYS.filter((param) => {
    if (!(param in after.config)) return false;
    const next = after.config[param];
    if (next === undefined || paramSpec(param).secret) return false;
    const prev = before?.config[param];
    return prev === undefined || !sameValue(prev, next);
  });
}

export function planEcuSteps(before: Site, after: Site): EcuStep[] {
  const previous = new Map(before.stations.flatMap((s) => s.ecus.map((e) => [e.chargePointId, e] as const)));
  const steps: EcuStep[] = [];
  for (const station of after.stations)
    for (const ecu of station.ecus) {
      const version = firmwareVersionOf(ecu.firmware);
      const params = changedParams(previous.get(ecu.chargePointId), ecu).map((param): ParamStep => {
        const spec = paramSpec(param);
        const key = version && ocppKeyOf(param, version);
        const value = renderValue(spec, ecu.config[param] as EcuConfigValue, version ?? '4.61');
        const action = key && !ocppKeyReadonly(param) ? 'send' : 'manual';
        return { param, ...(key && { key }), value, apply: spec.apply, action };
      });
      if (params.length)
        steps.push({
          stationId: station.id,
          chargePointId: ecu.chargePointId,
          params,
          restartNeeded: params.some((p) => p.action === 'send' && p.apply === 'saveAndRestart'),
        });
    }
  return steps;
}
