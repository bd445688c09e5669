import { forOrg } from '@ampfleet/adapters';
import {
  authenticateApiKey,
  ConflictError,
  ForbiddenError,
  InvalidRequestError,
  NotFoundError,
  RateLimitedError,
  requireAccess,
  requireSiteAccess,
  siteSummaryCache,
  UnauthenticatedError,
  type Repositories,
} from '@ampfleet/app';
import { SiteId, type Permission, type Principal } from '@ampfleet/domain';
import { initTRPC, TRPCError } from '@trpc/server';
import { z } from 'zod';
import { serverEnv } from './env';
import { identityContext } from './identity';
import type { PartnerApiMeta } from './openapi-meta';
import { isSameOrigin, principalOfSession } from './session';
import { fleetStore } from './store';

// tRPC is initialised once here; only base procedures are exported. Every request becomes a principal
// (a signed-in person from the session cookie, or a partner from `Authorization: Bearer <key>`) and
// repositories bound to the principal's organisation — never a table client. Each procedure declares the
// permission it needs (`siteProcedure(p)` / `orgProcedure(p)`), checked by the application layer's gate.

export interface Context {
  principal: Principal | undefined;
  repos: Repositories | undefined;
  /** Why there is no principal, when a credential was presented but refused. */
  refusal?: { code: 'UNAUTHORIZED' | 'FORBIDDEN' | 'TOO_MANY_REQUESTS'; message: string };
}

/** The context of a caller: the principal and its organisation's repositories. */
export function contextFor(principal: Principal | undefined): Context {
  return { principal, repos: principal ? forOrg(principal.orgId, fleetStore()) : undefined };
}

export async function createContext({
  req,
  resHeaders,
}: {
  req: Request;
  resHeaders: Headers;
}): Promise<Context> {
  const authorization = req.headers.get('authorization');
  if (authorization) {
    try {
      return contextFor(await authenticateApiKey(identityContext(), authorization));
    } catch (err) {
      if (err instanceof RateLimitedError) {
        resHeaders.set('Retry-After', String(err.retryAfterS));
        return { ...contextFor(undefined), refusal: { code: 'TOO_MANY_REQUESTS', message: err.message } };
      }
      if (err instanceof UnauthenticatedError)
        return { ...contextFor(undefined), refusal: { code: 'UNAUTHORIZED', message: err.message } };
      throw err;
    }
  }
  const principal = await principalOfSession(req.headers.get('cookie'));
  if (principal && req.method !== 'GET' && !isSameOrigin(req))
    return {
      ...contextFor(undefined),
      refusal: { code: 'FORBIDDEN', message: 'cross-site request refused' },
    };
  return contextFor(principal);
}

const t = initTRPC
  .context<Context>()
  .meta<RouterMeta>()
  .create({
    // A BAD_REQUEST from a use case also carries its field issues ({ path, message }), so a form can
    // show each message at its field.
    errorFormatter: ({ shape, error }) =>
      error.cause instanceof InvalidRequestError
        ? { ...shape, data: { ...shape.data, issues: error.cause.issues } }
        : shape,
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** One per server process: the site list is served from this read model (fresh ≤ 2 s, refreshed in the background). */
const summaries = siteSummaryCache(() => Date.now());
const clock = { now: () => new Date() };

/** Use-case errors become protocol errors here, at the edge (STYLE.md habit 6). */
export function toTrpcError(err: unknown): never {
  if (err instanceof NotFoundError)
    throw new TRPCError({ code: 'NOT_FOUND', message: err.message, cause: err });
  if (err instanceof InvalidRequestError)
    throw new TRPCError({ code: 'BAD_REQUEST', message: err.message, cause: err });
  if (err instanceof ForbiddenError)
    throw new TRPCError({ code: 'FORBIDDEN', message: err.message, cause: err });
  if (err instanceof UnauthenticatedError)
    throw new TRPCError({ code: 'UNAUTHORIZED', message: err.message, cause: err });
  if (err instanceof RateLimitedError)
    throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: err.message, cause: err });
  if (err instanceof ConflictError)
    throw new TRPCError({ code: 'CONFLICT', message: err.message, cause: err });
  throw err;
}

/** A caller with a principal; without one, 401 (or the refusal's 403 / 429). */
const authedProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.principal || !ctx.repos) {
    const refusal = ctx.refusal ?? {
      code: 'UNAUTHORIZED' as const,
      message: 'sign in or present an API key',
    };
    throw new TRPCError(refusal);
  }
  return next({
    ctx: {
      principal: ctx.principal,
      repos: ctx.repos,
      clock,
      cache: summaries,
      settings: { heartbeatIntervalS: serverEnv().AMPFLEET_HEARTBEAT_INTERVAL_S },
    },
  });
});

/** Procedures about the caller itself (who am I): any authenticated caller. */
export const callerProcedure = authedProcedure.meta({ scope: 'caller' });

/** Procedures on the organisation as a whole (fleet views, users, keys, audit trail). */
export function orgProcedure(permission: Permission) {
  return authedProcedure.meta({ permission, scope: 'org' }).use(({ ctx, next }) => {
    try {
      requireAccess(ctx, permission);
    } catch (err) {
      toTrpcError(err);
    }
    return next();
  });
}

/** Procedures on one site: the input carries `siteId`, and the caller must be allowed on that site. */
export function siteProcedure(permission: Permission) {
  return authedProcedure
    .meta({ permission, scope: 'site' })
    .input(z.object({ siteId: SiteId }))
    .use(async ({ ctx, input, next }) => {
      await requireSiteAccess(ctx, permission, input.siteId).catch(toTrpcError);
      return next();
    });
}

/** What each procedure declares: the permission the access gate checks, and (partner reads) its OpenAPI form. */
export type ProcedureMeta = {
  permission?: Permission;
  scope?: 'org' | 'site' | 'caller';
};
type RouterMeta = ProcedureMeta & PartnerApiMeta & Record<string, unknown>;
