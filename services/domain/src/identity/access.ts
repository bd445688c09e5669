import type { Principal } from './principal';
import { ROLE_PERMISSIONS, SCOPE_PERMISSIONS, type Permission } from './roles';

// The one access decision. Tenancy (which organisation) is already fixed by the repositories the caller
// holds; this decides what the caller may do inside its organisation, and on which sites.

export type AccessDecision = { allowed: true } | { allowed: false; reason: string };

export function permissionsOf(principal: Principal): ReadonlySet<Permission> {
  const granted =
    principal.kind === 'user'
      ? ROLE_PERMISSIONS[principal.role]
      : principal.scopes.flatMap((scope) => SCOPE_PERMISSIONS[scope]);
  return new Set(granted);
}

/** Whether the principal may see or act on this site at all (site owners: only their assigned sites). */
export function canReachSite(principal: Principal, siteId: string): boolean {
  return principal.kind !== 'user' || principal.role !== 'site-owner' || principal.siteIds.includes(siteId);
}

/** May `principal` do `permission` (on `siteId`, for site permissions)? */
export function authorize(principal: Principal, permission: Permission, siteId?: string): AccessDecision {
  if (!permissionsOf(principal).has(permission)) {
    return {
      allowed: false,
      reason:
        principal.kind === 'user'
          ? `a ${principal.role} may not do this (${permission})`
          : `this API key lacks the scope for ${permission}`,
    };
  }
  if (permission.startsWith('site:')) {
    if (siteId === undefined) return { allowed: false, reason: `${permission} needs a site` };
    // Same answer as a site of another organisation: do not confirm that the site exists.
    if (!canReachSite(principal, siteId)) return { allowed: false, reason: `site ${siteId} not found` };
  }
  return { allowed: true };
}

/** The sites a principal's site list is restricted to, or undefined for the whole organisation. */
export function siteScopeOf(principal: Principal): readonly string[] | undefined {
  return principal.kind === 'user' && principal.role === 'site-owner' ? principal.siteIds : undefined;
}

/**
 * Command kinds a site owner's dashboard may send (pausing and resuming charging); every other kind
 * needs the fleet manager's `site:command`, and operator-limit changes need `site:load`.
 */
export const OWNER_COMMAND_KINDS: ReadonlySet<string> = new Set(['changeAvailability']);

export function commandPermission(kind: string): Permission {
  if (OWNER_COMMAND_KINDS.has(kind)) return 'site:owner-action';
  if (kind === 'setOperatorLimit' || kind === 'setChargingProfile' || kind === 'clearChargingProfile')
    return 'site:load';
  if (kind === 'changeConfiguration' || kind === 'reset') return 'site:configure';
  return 'site:command';
}
