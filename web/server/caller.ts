import { appRouter } from './routers/_app';
import { createCallerFactory, createContext } from './trpc';

// Server components call procedures through this caller (same procedures, same context and tenancy
// as /api/trpc), never a use case or a repository directly.
const callerOf = createCallerFactory(appRouter);

export async function serverCaller() {
  return callerOf(await createContext());
}
