import type {
  AnyTRPCMutationProcedure,
  AnyTRPCQueryProcedure,
  AnyTRPCRouter,
  inferProcedureInput,
  inferProcedureOutput,
  TRPCBuiltRouter,
  TRPCDefaultErrorShape,
  TRPCMutationProcedure,
  TRPCQueryProcedure,
} from '@trpc/server';
import type { AppRouter as ConsoleRouter } from '../../../web/server/routers/_app';

// The partner-facing shape of the console's router: every procedure with its input and output, and
// nothing of the server's context (principal, org-bound repositories) — those are server internals.
// `AppRouter` is the inferred type of a call to `publicRouter`, which makes the declaration
// emitter print the evaluated record (areas → procedures → plain input/output object types), so the
// bundled .d.ts needs neither the server's sources nor zod.

type PublicProcedure<P> = P extends AnyTRPCQueryProcedure
  ? TRPCQueryProcedure<{ input: inferProcedureInput<P>; output: inferProcedureOutput<P>; meta: object }>
  : P extends AnyTRPCMutationProcedure
    ? TRPCMutationProcedure<{ input: inferProcedureInput<P>; output: inferProcedureOutput<P>; meta: object }>
    : never;

declare function publicRouter<R extends AnyTRPCRouter>(): TRPCBuiltRouter<
  { ctx: object; meta: object; errorShape: TRPCDefaultErrorShape; transformer: false },
  {
    [Area in keyof R['_def']['record']]: {
      [Name in keyof R['_def']['record'][Area]]: PublicProcedure<R['_def']['record'][Area][Name]>;
    };
  }
>;

/** Never called (a type carrier): its inferred return type is what the .d.ts prints. */
export function appRouterShape() {
  return publicRouter<ConsoleRouter>();
}
export type AppRouter = ReturnType<typeof appRouterShape>;
