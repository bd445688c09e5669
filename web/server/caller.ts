import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { appRouter } from './routers/_app';
import { createCallerFactory, createContext } from './trpc';

// Server components call procedures through this caller (same procedures, same context and tenancy
// as /api/trpc), never a use case or a repository directly.
const callerOf = createCallerFactory(appRouter);

export async function serverCaller() {
  // The page's own request headers (the session cookie) make the same principal as /api/trpc would.
  const incoming = await headers();
  const req = new Request('http://console.internal/', { headers: { cookie: incoming.get('cookie') ?? '' } });
  const ctx = await createContext({ req, resHeaders: new Headers() });
  // No valid session (none, expired, forged): the page goes to the sign-in form instead of failing.
  if (!ctx.principal) redirect('/sign-in');
  return callerOf(ctx);
}
