import type { AuditRuleInfo, AuditTarget, Finding } from './finding';
import type { SiteIndex } from './site-index';

// A rule is metadata plus a small pure check over the indexed site.

export type Report = (target: AuditTarget, message: string) => void;

export interface AuditRule extends AuditRuleInfo {
  check(index: SiteIndex, report: Report): void;
}

export function defineRule(info: AuditRuleInfo, check: AuditRule['check']): AuditRule {
  return { ...info, check };
}

/** Runs rules over one indexed site with a single reporter (no closure per rule: the audit is hot). */
export function runRules(rules: readonly AuditRule[], index: SiteIndex, into: Finding[]): void {
  let current: AuditRule | undefined;
  const report: Report = (target, message) => {
    const rule = current as AuditRule;
    into.push({ ruleId: rule.id, severity: rule.severity, section: rule.section, target, message });
  };
  for (const rule of rules) {
    current = rule;
    rule.check(index, report);
  }
}
