import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { resolveProcedureAliases } from '../../../../server/procedure-aliases';
import { appRouter } from '../../../../server/routers/_app';
import { createContext } from '../../../../server/trpc';

export const dynamic = 'force-dynamic';

async function withAliasesResolved(req: Request): Promise<Request> {
  const url = resolveProcedureAliases(req.url);
  if (url === req.url) return req;
  const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await req.arrayBuffer();
  return new Request(url, { method: req.method, headers: req.headers, body, signal: req.signal });
}

const handler = async (req: Request) =>
  fetchRequestHandler({
    endpoint: '/api/trpc',
    req: await withAliasesResolved(req),
    router: appRouter,
    createContext,
  });

export { handler as GET, handler as POST };
