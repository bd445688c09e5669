import type { Finding } from '../audit/finding';
import type { SiteDriftReport } from '../drift/rollup';
import type { AuditBasis, RollupCounters } from '../fleet/config-rollup';

// A site's audit findings and drift as the audit-drift handler stores them (item CONFIG#AUDIT, table.ts),
// with what they were computed from (`basis`: an older one never replaces a newer one) and what the
// site contributes to its organisation's roll-up (fleet/config-rollup.ts).

/** One finding as the API shows it: the domain finding with a stable id and the parameter path. */
export interface SiteFinding extends Finding {
  /** `<ruleId>@<path>` (+ `#n` when a rule fires twice on one target): unique within the site. */
  id: string;
  /** Where in the site it points (diffSites' path form); '' for the site as a whole. */
  path: string;
}

export interface SiteAuditResult {
  siteId: string;
  basis: AuditBasis;
  findings: SiteFinding[];
  summary: { errors: number; warnings: number; infos: number };
  drift: SiteDriftReport;
  /** When each ECU's reported snapshot was read (its observedAt), by charge point id. */
  reportedAt: Record<string, string>;
  computedAt: string;
  contribution: RollupCounters;
}

/** The stored result with its revision (the optimistic-concurrency guard of the next store). */
export interface StoredSiteAuditResult extends SiteAuditResult {
  revision: number;
}
