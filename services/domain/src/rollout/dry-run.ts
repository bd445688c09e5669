import { siteFindings } from '../audit/site-findings';
import type { Finding } from '../audit/finding';
import type { Site } from '../config/site';
import { applyChange, type RolloutError } from './apply';
import type { RolloutChange } from './change';
import { planEcuSteps } from './ecu-steps';

// The dry run of a rollout (issue #12 point 5): per selected site, the audit before vs after the change —
// which findings it causes and which it removes — and whether the site must be held back (new errors, or
// a change that does not apply). Nothing is written; the same answer drives the console and `create`.

export interface FindingRef {
  /** Stable per site: `<ruleId>@<path>` (#n when a rule fires twice on one target), as config.save shows. */
  id: string;
  ruleId: string;
  severity: Finding['severity'];
  section: string;
  message: string;
  path: string;
}

export interface SiteDryRun {
  siteId: string;
  outcome: 'changes' | 'unchanged' | 'invalid';
  error?: RolloutError;
  /** ECU parameters the change sets (the ChangeConfiguration commands it would send, plus manual ones). */
  parameterChanges: number;
  newFindings: FindingRef[];
  removedFindings: FindingRef[];
  /** A site with new errors or a change that does not apply is held back unless deselected. */
  blocked: boolean;
}

/** The audit with stable ids (siteFindings: the ids config.save and audit.findings show), without targets. */
export function auditRefs(site: Site): FindingRef[] {
  return siteFindings(site).map(({ target: _target, ...ref }) => ref);
}

export function dryRunSite(site: Site, change: RolloutChange): SiteDryRun {
  const applied = applyChange(site, change);
  if (!applied.ok)
    return {
      siteId: site.id,
      outcome: 'invalid',
      error: applied.error,
      parameterChanges: 0,
      newFindings: [],
      removedFindings: [],
      blocked: true,
    };
  const steps = planEcuSteps(site, applied.site);
  const parameterChanges = steps.reduce((n, s) => n + s.params.length, 0);
  const before = auditRefs(site);
  const after = auditRefs(applied.site);
  const beforeIds = new Set(before.map((f) => f.id));
  const afterIds = new Set(after.map((f) => f.id));
  const newFindings = after.filter((f) => !beforeIds.has(f.id));
  return {
    siteId: site.id,
    outcome: parameterChanges === 0 ? 'unchanged' : 'changes',
    parameterChanges,
    newFindings,
    removedFindings: before.filter((f) => !afterIds.has(f.id)),
    blocked: newFindings.some((f) => f.severity === 'error'),
  };
}

export interface DryRunSummary {
  sites: number;
  changing: number;
  unchanged: number;
  blocked: number;
  newFindings: number;
  removedFindings: number;
}

export function summarizeDryRun(results: readonly SiteDryRun[]): DryRunSummary {
  const summary: DryRunSummary = {
    sites: 0,
    changing: 0,
    unchanged: 0,
    blocked: 0,
    newFindings: 0,
    removedFindings: 0,
  };
  for (const r of results) {
    summary.sites += 1;
    if (r.outcome === 'changes') summary.changing += 1;
    if (r.outcome === 'unchanged') summary.unchanged += 1;
    if (r.blocked) summary.blocked += 1;
    summary.newFindings += r.newFindings.length;
    summary.removedFindings += r.removedFindings.length;
  }
  return summary;
}
