import { fieldIssues } from '../contracts/issues';
import { Site } from '../config/site';
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

export function applyChange(site: Site, change: RolloutChange): ApplyResult {
  const applied = change.kind === 'parameter' ? applyParameter(site, change) : applyTemplate(site, change);
  if (!applied.ok) return applied;
  // The result must still be a valid site (the saved version is schema-checked on read).
  const parsed = Site.safeParse(applied.site);
  if (parsed.success) return { ok: true, site: parsed.data };
  const issue = fieldIssues(parsed.error)[0] ?? { path: '(root)', message: 'invalid site' };
  return { ok: false, error: { path: `site.${issue.path}`, message: issue.message } };
}
