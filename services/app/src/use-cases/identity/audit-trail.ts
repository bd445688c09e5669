import {
  AuditTrailQuery,
  auditTrailCsv,
  describeIssues,
  fieldIssues,
  type AuditEntry,
} from '@ampfleet/domain';
import { requireAccess } from '../../access';
import { InvalidRequestError } from '../../errors';
import type { CallerContext } from '../../ports';

function parseQuery(input: unknown) {
  const parsed = AuditTrailQuery.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issues = fieldIssues(parsed.error);
  throw new InvalidRequestError(describeIssues(issues), issues);
}

/** One page of the organisation's audit trail, newest first, filtered by action, actor, site and time. */
export async function listAuditTrail(
  ctx: CallerContext,
  input: unknown,
): Promise<{ items: AuditEntry[]; nextCursor?: string }> {
  requireAccess(ctx, 'org:audit-trail');
  const query = parseQuery(input);
  try {
    return await ctx.repos.auditTrail.list(query);
  } catch (err) {
    if ((err as Error).message === 'bad cursor' || err instanceof SyntaxError)
      throw new InvalidRequestError('cursor: not a cursor of this list', [
        { path: 'cursor', message: 'invalid' },
      ]);
    throw err;
  }
}

/** The whole filtered trail (up to 50,000 entries) as CSV. */
export async function exportAuditTrailCsv(ctx: CallerContext, input: unknown): Promise<string> {
  requireAccess(ctx, 'org:audit-trail');
  const query = parseQuery(input);
  const entries: AuditEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await ctx.repos.auditTrail.list({ ...query, limit: 1000, cursor });
    entries.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && entries.length < 50_000);
  return auditTrailCsv(entries);
}
