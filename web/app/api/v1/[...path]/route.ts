import { createOpenApiFetchHandler } from 'trpc-to-openapi';
import { REST_PREFIX } from '../../../../server/openapi-meta';
import { appRouter } from '../../../../server/routers/_app';
import { createContext } from '../../../../server/trpc';

export const dynamic = 'force-dynamic';

// The REST form of the read procedures (GET /api/v1/sites/{siteId}, … — /api/openapi.json lists them):
// the same procedures, context and checks as /api/trpc; answers are the procedure's output as JSON.
const handler = (req: Request) =>
  createOpenApiFetchHandler({ endpoint: REST_PREFIX, req, router: appRouter, createContext });

export { handler as GET };
