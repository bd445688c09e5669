import {
  paramSpec,
  ROLLOUT_PARAMS,
  ROLLOUT_TEMPLATES,
  TEMPLATE_SECTIONS,
  type RolloutTemplate,
} from '@ampfleet/domain';
import { formatValue } from '../sites/[siteId]/configuration/model';

// A rollout's change in one line, as the list and the detail view show it: the parameter under the newest
// firmware's name with its value, or the template's manual section.

export const isTemplate = (t: unknown): t is RolloutTemplate =>
  (ROLLOUT_TEMPLATES as readonly unknown[]).includes(t);
const isParam = (p: unknown): p is (typeof ROLLOUT_PARAMS)[number] =>
  (ROLLOUT_PARAMS as readonly unknown[]).includes(p);

/** The name a parameter goes by in the newest firmware (the catalog's key when it has none). */
export const paramName = (key: (typeof ROLLOUT_PARAMS)[number]): string =>
  paramSpec(key).names['4.61'] ?? Object.values(paramSpec(key).names)[0] ?? key;

export function changeParts(
  change: Record<string, unknown>,
):
  | { kind: 'template'; section: string; template: RolloutTemplate }
  | { kind: 'parameter'; name: string; value: string } {
  if (change.kind === 'template' && isTemplate(change.template))
    return { kind: 'template', section: TEMPLATE_SECTIONS[change.template], template: change.template };
  const name = isParam(change.param) ? paramName(change.param) : String(change.param);
  const spec = isParam(change.param) ? paramSpec(change.param) : undefined;
  const unit = spec && 'unit' in spec && spec.unit && spec.unit !== 'count' ? ` ${spec.unit}` : '';
  return { kind: 'parameter', name, value: `${formatValue(change.value)}${unit}` };
}
