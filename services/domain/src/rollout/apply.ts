import type { z } from 'zod';
import type { EcuParamKey } from '../config/catalog';
import { ECU_PARAM_KEYS, paramSpec } from '../config/catalog';
import { paramValueSchema } from '../config/config-schema';
import type { Site } from '../config/site';
import type { RolloutChange } from './change';
import { applyParameter } from './apply-parameter';
import { applyTemplate } from './apply-template';

// applyChange(site, change): the site with the rollout's change, or an error naming the bad field.

export interface RolloutError {
  /** The field at fault: 'change.value', 'change.param', 'change.template', or a path into the site. */
  path: string;
  message: string;
}

export type ApplyResult = { ok: true; site: Site } | { ok: false; error: RolloutError };

// One schema per parameter, built once: a whole-site parse per dry-run site would cost more than the audit.
const valueSchemas = new Map<EcuParamKey, z.ZodType>(
  ECU_PARAM_KEYS.map((k) => [k, paramValueSchema(paramSpec(k))]),
);

/** Every value the change wrote must be in the catalog's range (a template derives values from ratings). */
function checkWrittenValues(before: Site, after: Site): RolloutError | undefined {
  for (const [s, station] of after.stations.entries())
    for (const [e, ecu] of station.ecus.entries()) {
      const old = before.stations[s]?.ecus[e];
      if (old === ecu) continue;
      for (const key of Object.keys(ecu.config) as EcuParamKey[]) {
        const value = ecu.config[key];
        if (value === undefined || value === old?.config[key]) continue;
        const checked = valueSchemas.get(key)?.safeParse(value);
        if (checked && !checked.success)
          return {
            path: `site.stations.${s}.ecus.${e}.config.${key}`,
            message: checked.error.issues[0]?.message ?? 'out of range',
          };
      }
    }
  return undefined;
}

export function applyChange(site: Site, change: RolloutChange): ApplyResult {
  const applied = change.kind === 'parameter' ? applyParameter(site, change) : applyTemplate(site, change);
  if (!applied.ok) return applied;
  const error = checkWrittenValues(site, applied.site);
  return error ? { ok: false, error } : applied;
}
