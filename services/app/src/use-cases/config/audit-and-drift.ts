import {
  readOrderOf,
  rollupView,
  type AuditBasis,
  type FleetConfigRollup,
  type ReportedConfigRecord,
  type SiteDriftReport,
} from '@ampfleet/domain';
import { requireAccess } from '../../access';
import type { UseCaseContext } from '../../ports';
import { headOf, type FindingView } from './desired-config';
import { computeSiteAudit } from './refresh-site-audit';

type Ctx = Pick<UseCaseContext, 'principal' | 'repos' | 'clock'>;

// Reads of what the audit-drift handler stored (refresh-site-audit.ts). The head version is read first
// (access, and the version the answer must belong to): when the stored result belongs to another version
// or older reports — the handler has not caught up with a save or a report yet — the answer is computed
// on read from the same state,
// so `version` is always the head's. `source` says which: 'stored' (with `computedAt`, and for drift the
// ECUs' `reportedAt` of the snapshots it used) or 'computed'.

export type ResultSource = 'stored' | 'computed';

async function resultOf(ctx: Ctx, siteId: string) {
  const head = await headOf(ctx, 'site:read', siteId);
  const [stored, records] = await Promise.all([
    ctx.repos.configAudit.get(siteId),
    ctx.repos.reportedConfig.get(siteId),
  ]);
  if (stored && storedIsCurrent(stored.basis, head.version, records))
    return { head, result: stored, source: 'stored' as const };
  const result = computeSiteAudit(siteId, head, records, ctx.clock.now().toISOString());
  return { head, result, source: 'computed' as const };
}

/**
 * The stored result answers only when it was computed from this head version AND from exactly the
 * snapshots the ECUs have reported since: a report the handler has not caught up with yet (the Drift tab
 * reads right after an apply run ends) must not show the drift it just cleared.
 */
function storedIsCurrent(
  basis: AuditBasis,
  version: number,
  records: readonly ReportedConfigRecord[],
): boolean {
  if (basis.desiredVersion !== version) return false;
  if (Object.keys(basis.reported).length !== records.length) return false;
  return records.every((r) => basis.reported[r.chargePointId] === readOrderOf(r.readAt, r.sequence));
}

/** The domain audit of the head version: findings with rule, severity, manual §, message and path. */
export async function auditFindings(
  ctx: Ctx,
  input: { siteId: string },
): Promise<{
  version: number;
  findings: FindingView[];
  summary: { errors: number; warnings: number; infos: number };
  source: ResultSource;
  computedAt: string;
}> {
  const { head, result, source } = await resultOf(ctx, input.siteId);
  const { findings, summary, computedAt } = result;
  return { version: head.version, findings, summary, source, computedAt };
}

/**
 * Desired (head version) vs reported configuration per ECU — the domain's firmware-aware drift. ECUs
 * that have not reported yet carry no `drift` and count as `unreported`. Secrets are compared only when
 * reported in clear (never, today), so they are 'unverifiable', never values. A stored drift may lag a
 * snapshot that arrived after `computedAt` by the handler's delay; `reportedAt` names the reads it used.
 */
export async function readDrift(
  ctx: Ctx,
  input: { siteId: string },
): Promise<{
  version: number;
  drift: SiteDriftReport;
  reportedAt: Record<string, string>;
  source: ResultSource;
  computedAt: string;
}> {
  const { head, result, source } = await resultOf(ctx, input.siteId);
  const { drift, reportedAt, computedAt } = result;
  return { version: head.version, drift, reportedAt, source, computedAt };
}

/** The organisation's configuration roll-up (kept current by the audit-drift handler, never a scan). */
export async function auditFleet(ctx: Ctx): Promise<FleetConfigRollup & { updatedAt?: string }> {
  requireAccess(ctx, 'fleet:read');
  const { counters, updatedAt } = await ctx.repos.configAudit.rollup();
  return { ...rollupView(counters), ...(updatedAt !== undefined && { updatedAt }) };
}
