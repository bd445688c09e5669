import { createTRPCClient, httpBatchLink, type TRPCClient } from '@trpc/client';
import type { AppRouter } from './router';

// @ampfleet/client — the partner API as typed calls: `client.sites.list.query({ search: 'depot' })`.
// The procedure names are the public contract (web/server/routers/_app.ts); inputs and outputs come
// from the console's own zod schemas, so a wrong name or field fails the partner's type-check.

export type { AppRouter };
export { TRPCClientError } from '@trpc/client';
export type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

export type AmpfleetClient = TRPCClient<AppRouter>;

export interface AmpfleetClientOptions {
  /** The console's origin, e.g. https://console.example.com (the API is served at /api/trpc). */
  baseUrl: string;
  /** An API key from the org admin's key page, sent as `Authorization: Bearer <key>`. */
  apiKey?: string;
  /** A fetch implementation (default: the global fetch of Node ≥ 18 and browsers). */
  fetch?: typeof globalThis.fetch;
}

/** The tRPC endpoint of a console at `baseUrl` (a path prefix in `baseUrl` is kept). */
export function apiUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/trpc`;
}

export function createAmpfleetClient(options: AmpfleetClientOptions): AmpfleetClient {
  const { apiKey } = options;
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: apiUrl(options.baseUrl),
        // Batched queries go as one GET; past this length the link splits them (proxies cut long URLs).
        maxURLLength: 2048,
        headers: () => (apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
        ...(options.fetch && { fetch: options.fetch }),
      }),
    ],
  });
}
