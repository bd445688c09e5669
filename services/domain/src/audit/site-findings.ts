import { targetPath } from '../config/site-diff';
import type { Site } from '../config/site';
import type { SiteFinding } from '../contracts/audit-result';
import { auditSite } from './engine';

/**
 * The audit of a whole site with each finding's stable id and parameter path — the form config.save,
 * audit.findings, the audit-drift handler and the rollout dry run all show. The id is
 * `<ruleId>@<path>`; a rule that fires twice on one target (e.g. two meters' limits) gets `#2`, `#3`…
 * so it stays unique and stable between audits of similar sites.
 */
export function siteFindings(site: Site): SiteFinding[] {
  const seen = new Map<string, number>();
  return auditSite(site).map((f) => {
    const path = targetPath(f.target);
    const base = `${f.ruleId}@${path}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return {
      id: n === 1 ? base : `${base}#${n}`,
      ruleId: f.ruleId,
      severity: f.severity,
      section: f.section,
      message: f.message,
      path,
      target: f.target,
    };
  });
}
