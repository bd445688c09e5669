import type { AnyTRPCProcedure } from '@trpc/server';
import type { PartnerApiMeta } from './openapi-meta';
import { appRouter } from './routers/_app';

export type PartnerProcedure = AnyTRPCProcedure & { _def: { meta?: PartnerApiMeta } };

/** The router's procedures by name (`sites.get`), with their meta: the API page and the OpenAPI document read these. */
export function partnerProcedures(): Record<string, PartnerProcedure> {
  // At run time tRPC keeps a flat map of every procedure by its dotted name; its type is the nested record.
  return appRouter._def.procedures as unknown as Record<string, PartnerProcedure>;
}
