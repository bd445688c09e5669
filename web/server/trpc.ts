import { initTRPC, TRPCError } from '@trpc/server';
import { serverEnv } from './env';
import { fleetStore } from './store';

// tRPC is initialised once here; only base procedures are exported. Tenancy lives in middleware:
// every tenant procedure receives `ctx.orgId` and the data layer reads only through that org's keys.

export interface Principal {
  kind: 'console';
  orgId: string;
}

export async function createContext(): Promise<{ principal: Principal | undefined }> {
  return { principal: { kind: 'console', orgId: serverEnv().AMPFLEET_CONSOLE_ORG_ID } };
}

const t = initTRPC.context<typeof createContext>().create();

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

export const orgProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.principal) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in first' });
  return next({ ctx: { orgId: ctx.principal.orgId, store: fleetStore() } });
});
