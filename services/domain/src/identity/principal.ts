import { z } from 'zod';
import { OrgId, SiteId } from '../contracts/ids';
import { ApiKeyScope, Role } from './roles';

// The caller of a use case, as the transports establish it: a signed-in person (token verified, role and
// site assignments read from the organisation's member record) or a partner API key (hash verified).

export const UserPrincipal = z.object({
  kind: z.literal('user'),
  orgId: OrgId,
  /** The identity provider's subject (Cognito `sub`). */
  userId: z.string().min(1),
  email: z.string(),
  role: Role,
  /** Sites a site owner may see; ignored for the other roles, which see the whole organisation. */
  siteIds: z.array(SiteId),
});
export type UserPrincipal = z.infer<typeof UserPrincipal>;

export const ApiKeyPrincipal = z.object({
  kind: z.literal('apiKey'),
  orgId: OrgId,
  keyId: z.string().min(1),
  scopes: z.array(ApiKeyScope),
});
export type ApiKeyPrincipal = z.infer<typeof ApiKeyPrincipal>;

export const Principal = z.discriminatedUnion('kind', [UserPrincipal, ApiKeyPrincipal]);
export type Principal = z.infer<typeof Principal>;

/** How the audit trail names the actor: the person's e-mail, or the key's id. */
export function actorOf(principal: Principal): { kind: 'user' | 'apiKey'; id: string; label: string } {
  return principal.kind === 'user'
    ? { kind: 'user', id: principal.userId, label: principal.email }
    : { kind: 'apiKey', id: principal.keyId, label: `API key ${principal.keyId}` };
}

/** Builders for tests and the local stack: a person of `orgId` in `role`, a key with `scopes`. */
export function aUser(
  orgId: string,
  role: UserPrincipal['role'] = 'org-admin',
  siteIds: string[] = [],
): UserPrincipal {
  return {
    kind: 'user',
    orgId,
    userId: `user-${role}-${orgId}`,
    email: `${role}@${orgId}.test`,
    role,
    siteIds,
  };
}

export function anApiKey(orgId: string, scopes: ApiKeyPrincipal['scopes'] = ['read']): ApiKeyPrincipal {
  return { kind: 'apiKey', orgId, keyId: `key${orgId.replace(/[^a-z0-9]/g, '')}`.slice(0, 12), scopes };
}
