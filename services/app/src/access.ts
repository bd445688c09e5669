import { actorOf, authorize, type AuditAction, type Permission, type Principal } from '@ampfleet/domain';
import { randomUUID } from 'node:crypto';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from './errors';
import type { UseCaseContext } from './ports';

// The application layer's access gate: every use case a person or partner can reach runs this before it
// touches data (the tRPC base procedures call it too, from each procedure's declared permission). A site a
// caller may not reach is reported exactly like a site of another organisation: not found.

export function requireAccess(
  ctx: Pick<UseCaseContext, 'principal'>,
  permission: Permission,
  siteId?: string,
): Principal {
  const principal = ctx.principal;
  if (!principal) throw new UnauthenticatedError('sign in first');
  const decision = authorize(principal, permission, siteId);
  if (decision.allowed) return principal;
  if (siteId !== undefined && decision.reason === `site ${siteId} not found`)
    throw new NotFoundError(`site ${siteId} not found`);
  throw new ForbiddenError(decision.reason);
}

/**
 * Access to one site: the permission on that site, and the site must exist in the caller's organisation —
 * a site of another organisation and a site the caller may not reach both answer 'not found'.
 */
export async function requireSiteAccess(
  ctx: Pick<UseCaseContext, 'principal' | 'repos'>,
  permission: Permission,
  siteId: string,
): Promise<Principal> {
  const principal = requireAccess(ctx, permission, siteId);
  if (!(await ctx.repos.sites.exists(siteId))) throw new NotFoundError(`site ${siteId} not found`);
  return principal;
}

/** Appends one entry to the organisation's audit trail, naming the caller. */
export async function recordAudit(
  ctx: Pick<UseCaseContext, 'principal' | 'repos' | 'clock'>,
  entry: { action: AuditAction; siteId?: string; target?: string; detail?: string },
): Promise<void> {
  const actor = ctx.principal
    ? actorOf(ctx.principal)
    : { kind: 'system' as const, id: 'system', label: 'system' };
  await ctx.repos.auditTrail.append({
    entryId: randomUUID(),
    at: ctx.clock.now().toISOString(),
    actorKind: actor.kind,
    actorId: actor.id,
    actorLabel: actor.label,
    ...entry,
  });
}
