import type { AuditRuleInfo } from '../audit/finding';
import { csvText } from '../csv';
import type { FleetConfigRollup } from './config-rollup';

// The fleet configuration view's findings by rule as CSV: one row per rule with a finding somewhere in
// the organisation, most sites first; a rule the catalog no longer lists keeps its id, without § or title.

export const FLEET_FINDINGS_CSV_HEADER = [
  'rule_id',
  'section',
  'severity',
  'title',
  'sites',
  'findings',
] as const;

export interface FleetRuleRow {
  ruleId: string;
  rule?: AuditRuleInfo;
  sites: number;
  findings: number;
}

/** The rules with findings, most sites first (then most findings, then id). */
export function fleetRuleRows(
  rollup: Pick<FleetConfigRollup, 'findingsByRule' | 'sitesByRule'>,
  rules: readonly AuditRuleInfo[],
): FleetRuleRow[] {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const ids = new Set([...Object.keys(rollup.findingsByRule), ...Object.keys(rollup.sitesByRule)]);
  return [...ids]
    .map((ruleId): FleetRuleRow => {
      const rule = byId.get(ruleId);
      return {
        ruleId,
        ...(rule && { rule }),
        sites: rollup.sitesByRule[ruleId] ?? 0,
        findings: rollup.findingsByRule[ruleId] ?? 0,
      };
    })
    .filter((r) => r.sites > 0 || r.findings > 0)
    .sort((a, b) => b.sites - a.sites || b.findings - a.findings || a.ruleId.localeCompare(b.ruleId));
}

export function fleetFindingsCsv(
  rollup: Pick<FleetConfigRollup, 'findingsByRule' | 'sitesByRule'>,
  rules: readonly AuditRuleInfo[],
): string {
  return csvText(
    FLEET_FINDINGS_CSV_HEADER,
    fleetRuleRows(rollup, rules).map((r) => [
      r.ruleId,
      r.rule?.section,
      r.rule?.severity,
      r.rule?.title,
      r.sites,
      r.findings,
    ]),
  );
}
