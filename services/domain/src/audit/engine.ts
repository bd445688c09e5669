import type { Site } from '../config/site';
import type { AuditRuleInfo, Finding, Severity } from './finding';
import type { AuditRule } from './rule';
import { runRules } from './rule';
import { backendRules } from './rules-backend';
import { dlmRules } from './rules-dlm';
import { limitRules } from './rules-limits';
import { meterRules } from './rules-meter';
import { meterFallbackRules } from './rules-meter-fallback';
import { networkRules } from './rules-network';
import { paramRules } from './rules-params';
import { phaseRules } from './rules-phases';
import { stationRules } from './rules-station';
import { staticIpRules } from './rules-static-ip';
import { treeRules } from './rules-tree';
import { indexSite } from './site-index';

// The audit: index the site once, run every rule, order findings by severity.

export const auditRules: readonly AuditRule[] = [
  ...stationRules,
  ...paramRules,
  ...phaseRules,
  ...networkRules,
  ...staticIpRules,
  ...backendRules,
  ...dlmRules,
  ...treeRules,
  ...meterRules,
  ...meterFallbackRules,
  ...limitRules,
];

const severityOrder: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function listRules(): AuditRuleInfo[] {
  return auditRules.map(({ id, severity, target, section, title, source }) => ({
    id,
    severity,
    target,
    section,
    title,
    source,
  }));
}

export interface AuditOptions {
  /** Run only these rule ids (default: all). */
  only?: readonly string[];
}

export function auditSite(site: Site, options: AuditOptions = {}): Finding[] {
  const index = indexSite(site);
  const findings: Finding[] = [];
  const only = options.only;
  runRules(only ? auditRules.filter((rule) => only.includes(rule.id)) : auditRules, index, findings);
  return findings.sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity]);
}

export interface AuditSummary {
  errors: number;
  warnings: number;
  infos: number;
}

export function summarizeFindings(findings: readonly Finding[]): AuditSummary {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const f of findings) {
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
    else infos++;
  }
  return { errors, warnings, infos };
}
