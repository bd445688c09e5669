import { forOrg } from '@ampfleet/adapters';
import { InvalidRequestError, NotFoundError, siteSummaryCache, type Repositories } from '@ampfleet/app';
import { initTRPC, TRPCError } from '@trpc/server';
import { serverEnv } from './env';
import type { PartnerApiMeta } from './openapi-meta';
import { fleetStore } from './store';

// tRPC is initialised once here; only base procedures are exported. Tenancy lives in the context:
// it carries the principal and repositories bound to the principal's organisation — never a table
// client — and procedures only call use cases (@ampfleet/app) with them.

export interface Principal {
  kind: 'console';
  orgId: string;
}

export interface Context {
  principal: Principal | undefined;
  repos: Repositories | undefined;
}

/** The context of a caller: the principal and its organisation's repositories. */
export function contextFor(principal: Principal | undefined): Context {
  return { principal, repos: principal ? forOrg(principal.orgId, fleetStore()) : undefined };
}

export async function createContext(): Promise<Context> {
  return contextFor({ kind: 'console', orgId: serverEnv().AMPFLEET_CONSOLE_ORG_ID });
}

const t = initTRPC.meta<PartnerApiMeta>().context<Context>().create();

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** One per server process: the site list is served from this read model (fresh ≤ 2 s, refreshed in the background). */
const summaries = siteSummaryCache(() => Date.now());
const clock = { now: () => new Date() };

export const orgProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.principal || !ctx.repos) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in first' });
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

/** Use-case errors become protocol errors here, at the edge (STYLE.md habit 6). */
export function toTrpcError(err: unknown): never {
  if (err instanceof NotFoundError)
    throw new TRPCError({ code: 'NOT_FOUND', message: err.message, cause: err });
  if (err instanceof InvalidRequestError)
    throw new TRPCError({ code: 'BAD_REQUEST', message: err.message, cause: err });
  throw err;
}
