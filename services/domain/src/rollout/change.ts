import { z } from 'zod';
import { ECU_PARAM_KEYS, paramSpec, type EcuParamKey } from '../config/catalog';

// What a bulk rollout changes (issue #12 point 5): ONE parameter value, set on the ECUs the catalog's scope
// names, or ONE of the §7.1–§7.4 DLM use cases applied as a template to the site's existing stations.

/** Secrets are never rolled out in bulk: a password is set per site, write-only (config.save). */
export const ROLLOUT_PARAMS = ECU_PARAM_KEYS.filter((key) => !paramSpec(key).secret) as [
  EcuParamKey,
  ...EcuParamKey[],
];

export const ROLLOUT_TEMPLATES = ['useCase1', 'useCase2', 'useCase3', 'useCase4'] as const;
export type RolloutTemplate = (typeof ROLLOUT_TEMPLATES)[number];

/** The manual section each template stands for. */
export const TEMPLATE_SECTIONS: Readonly<Record<RolloutTemplate, string>> = {
  useCase1: '§7.1',
  useCase2: '§7.2',
  useCase3: '§7.3',
  useCase4: '§7.4',
};

export const ParameterChange = z
  .object({
    kind: z.literal('parameter'),
    param: z.enum(ROLLOUT_PARAMS),
    /** Canonical form (catalog option value, number, {l1,l2,l3}, boolean, string); checked against the catalog. */
    value: z.unknown(),
  })
  .strict();
export type ParameterChange = z.infer<typeof ParameterChange>;

export const TemplateChange = z
  .object({ kind: z.literal('template'), template: z.enum(ROLLOUT_TEMPLATES) })
  .strict();
export type TemplateChange = z.infer<typeof TemplateChange>;

export const RolloutChange = z.discriminatedUnion('kind', [ParameterChange, TemplateChange]);
export type RolloutChange = z.infer<typeof RolloutChange>;

/** One line naming the change, e.g. 'Operator Current Limit = 16' or 'template §7.2'. */
export function describeChange(change: RolloutChange): string {
  if (change.kind === 'template') return `template ${TEMPLATE_SECTIONS[change.template]}`;
  const name = paramSpec(change.param).names['4.61'] ?? change.param;
  return `${name} = ${JSON.stringify(change.value)}`;
}
