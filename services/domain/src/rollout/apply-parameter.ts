import type { EcuConfig, EcuConfigValue, EcuParamKey } from '../config/catalog';
import { optionAvailable, paramAvailable, paramSpec } from '../config/catalog';
import type { ParamScope } from '../config/catalog-types';
import { paramValueSchema } from '../config/config-schema';
import { firmwareVersionOf } from '../config/firmware';
import type { Site, Station, StationEcu } from '../config/site';
import type { ParameterChange } from './change';
import type { ApplyResult } from './apply';

// A parameter change: the value checked against the catalog once, then set on every ECU the parameter's
// scope names (catalog-types.ts ParamScope) whose firmware has the parameter (and, for an enum, the option).

function inScope(scope: ParamScope, station: Station, ecu: StationEcu): boolean {
  switch (scope) {
    case 'eachEcu':
      return true;
    case 'station':
      // The lead ECU (AMTRON's only one, AMEDIO's master); the satellite adopts it (§2.1).
      return ecu.position !== 'satellite' || station.ecus.length === 1;
    case 'dlmMaster':
      return ecu.config.dlmMode === 'masterWithInternalSlave' || ecu.config.dlmMode === 'masterStandalone';
    case 'gateway':
      return ecu.config.wanRouter === true;
  }
}

function firmwareTakes(param: EcuParamKey, value: EcuConfigValue, firmware: string): boolean {
  const version = firmwareVersionOf(firmware);
  if (version === undefined || !paramAvailable(param, version)) return false;
  const spec = paramSpec(param);
  if (spec.type !== 'enum') return true;
  const option = spec.options.find((o) => o.value === value);
  return option !== undefined && optionAvailable(option, version);
}

const schemas = new Map<EcuParamKey, ReturnType<typeof paramValueSchema>>();
function valueSchema(param: EcuParamKey) {
  let schema = schemas.get(param);
  if (!schema) schemas.set(param, (schema = paramValueSchema(paramSpec(param))));
  return schema;
}

/** The value checked against the catalog's range or options, or the error naming `change.value`. */
export function checkParameterValue(
  change: ParameterChange,
): { ok: true; value: EcuConfigValue } | { ok: false; error: { path: string; message: string } } {
  const checked = valueSchema(change.param).safeParse(change.value);
  if (checked.success) return { ok: true, value: checked.data as EcuConfigValue };
  return {
    ok: false,
    error: { path: 'change.value', message: checked.error.issues[0]?.message ?? 'invalid value' },
  };
}

export function applyParameter(site: Site, change: ParameterChange): ApplyResult {
  const spec = paramSpec(change.param);
  const checked = checkParameterValue(change);
  if (!checked.ok) return checked;
  const value = checked.value;
  let targets = 0;
  const stations = site.stations.map((station) => ({
    ...station,
    ecus: station.ecus.map((ecu) => {
      if (!inScope(spec.scope, station, ecu) || !firmwareTakes(change.param, value, ecu.firmware)) return ecu;
      targets += 1;
      const config: EcuConfig = { ...ecu.config, [change.param]: value };
      return { ...ecu, config };
    }),
  }));
  if (targets === 0)
    return {
      ok: false,
      error: {
        path: 'change.param',
        message: `no ECU of site ${site.id} takes ${change.param} (scope '${spec.scope}', or its firmware lacks it)`,
      },
    };
  return { ok: true, site: { ...site, stations } };
}
