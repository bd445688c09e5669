import { ROLE_PERMISSIONS, SCOPE_PERMISSIONS, Permission, Role, ApiKeyScope } from '@ampfleet/domain';
import { z } from 'zod';
import { callerProcedure } from '../../trpc';

export const SessionMeOutput = z.object({
  kind: z.enum(['user', 'apiKey']),
  orgId: z.string(),
  email: z.string().optional(),
  role: Role.optional(),
  scopes: z.array(ApiKeyScope).optional(),
  siteIds: z.array(z.string()),
  permissions: z.array(Permission),
});

/** Who the caller is and what it may do (the console shows only what is allowed; the server enforces it). */
export const me = callerProcedure.output(SessionMeOutput).query(({ ctx }) => {
  const p = ctx.principal;
  return p.kind === 'user'
    ? {
        kind: p.kind,
        orgId: p.orgId,
        email: p.email,
        role: p.role,
        siteIds: p.siteIds,
        permissions: [...ROLE_PERMISSIONS[p.role]],
      }
    : {
        kind: p.kind,
        orgId: p.orgId,
        scopes: p.scopes,
        siteIds: [],
        permissions: [...new Set(p.scopes.flatMap((s) => SCOPE_PERMISSIONS[s]))],
      };
});
