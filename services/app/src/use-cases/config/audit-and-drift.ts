import {
  joinSecrets,
  reportedConfigOf,
  siteDrift,
  type EcuReport,
  type SiteDriftReport,
} from '@ampfleet/domain';
import type { UseCaseContext } from '../../ports';
import { findingsOf, headOf, summaryOf, type FindingView } from './desired-config';

type Ctx = Pick<UseCaseContext, 'principal' | 'repos'>;

/** The domain audit of the head version: findings with rule, severity, manual §, message and path. */
export async function auditFindings(
  ctx: Ctx,
  input: { siteId: string },
): Promise<{
  version: number;
  findings: FindingView[];
  summary: { errors: number; warnings: number; infos: number };
}> {
  const head = await headOf(ctx, 'site:read', input.siteId);
  const findings = findingsOf(joinSecrets(head.site, head.secrets));
  return { version: head.version, findings, summary: summaryOf(findings) };
}

/**
 * Desired (head version) vs reported configuration per ECU — the domain's firmware-aware drift. ECUs
 * that have not reported yet carry no `drift` and count as `unreported`. Secrets are compared only when
 * reported in clear (never, today), so they are 'unverifiable', never values.
 */
export async function readDrift(
  ctx: Ctx,
  input: { siteId: string },
): Promise<{ version: number; drift: SiteDriftReport; reportedAt: Record<string, string> }> {
  const head = await headOf(ctx, 'site:read', input.siteId);
  const records = await ctx.repos.reportedConfig.get(input.siteId);
  const reports: Record<string, EcuReport> = {};
  const reportedAt: Record<string, string> = {};
  for (const record of records) {
    reports[record.chargePointId] = reportedConfigOf(record);
    reportedAt[record.chargePointId] = record.readAt;
  }
  // Drift is about values: the stripped site holds no secret, so none can leak into `desired`.
  return { version: head.version, drift: siteDrift(head.site, reports), reportedAt };
}
