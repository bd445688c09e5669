import {
  compareBasis,
  joinSecrets,
  readOrderOf,
  reportedConfigOf,
  siteContribution,
  siteDrift,
  type DesiredConfigVersion,
  type EcuReport,
  type ReportedConfigRecord,
  type SiteAuditResult,
} from '@ampfleet/domain';
import type { UseCaseContext } from '../../ports';
import { findingsOf, summaryOf } from './desired-config';

// System work (the audit-drift handler, on a change of the site's desired or reported configuration):
// audit the head version, compute the firmware-aware drift against every ECU's latest snapshot, and
// store both with the site's roll-up contribution. The result is computed from the state as it is NOW
// (read consistently), never from the event, so a late or replayed event recomputes the latest state;
// the store keeps only a result whose basis is newer, under a revision guard (config-audit.ts).

export type RefreshOutcome = 'stored' | 'unchanged' | 'stale' | 'noConfiguration';

/** How often a store that lost a race (revision moved, roll-up write collided) is re-read and retried. */
const STORE_ATTEMPTS = 6;

export class AuditStoreContendedError extends Error {
  override readonly name = 'AuditStoreContendedError';
}

/** The audit and drift of one site's state: what the handler stores, and what reads compute on a lag. */
export function computeSiteAudit(
  siteId: string,
  head: DesiredConfigVersion,
  records: readonly ReportedConfigRecord[],
  computedAt: string,
): SiteAuditResult {
  const reports: Record<string, EcuReport> = {};
  const reportedAt: Record<string, string> = {};
  const reported: Record<string, string> = {};
  for (const record of records) {
    reports[record.chargePointId] = reportedConfigOf(record);
    reportedAt[record.chargePointId] = record.readAt;
    reported[record.chargePointId] = readOrderOf(record.readAt, record.sequence);
  }
  // Rules may check that a secret is set: the audit sees them; the drift compares values only.
  const findings = findingsOf(joinSecrets(head.site, head.secrets));
  const drift = siteDrift(head.site, reports);
  return {
    siteId,
    basis: { desiredVersion: head.version, reported },
    findings,
    summary: summaryOf(findings),
    drift,
    reportedAt,
    computedAt,
    contribution: siteContribution(findings, drift),
  };
}

export async function refreshSiteAudit(
  ctx: Pick<UseCaseContext, 'repos' | 'clock'>,
  input: { siteId: string },
): Promise<RefreshOutcome> {
  for (let attempt = 0; attempt < STORE_ATTEMPTS; attempt++) {
    const [stored, head, records] = await Promise.all([
      ctx.repos.configAudit.get(input.siteId),
      ctx.repos.desiredConfig.get(input.siteId),
      ctx.repos.reportedConfig.get(input.siteId),
    ]);
    if (!head) return 'noConfiguration';
    const result = computeSiteAudit(input.siteId, head, records, ctx.clock.now().toISOString());
    if (stored) {
      const order = compareBasis(stored.basis, result.basis);
      if (order === 'older') return 'stale';
      if (order === 'same') return 'unchanged';
    }
    if ((await ctx.repos.configAudit.store(result, stored)) === 'stored') return 'stored';
  }
  throw new AuditStoreContendedError(
    `audit result of site ${input.siteId}: ${STORE_ATTEMPTS} store attempts lost a race`,
  );
}
