// Which procedures the OpenAPI document (GET /api/openapi.json) and the REST form (GET /api/v1/...)
// carry: the read procedures, for partners without TypeScript. A read procedure joins with one line,
// `.meta(partnerRead('/sites/{siteId}/drift', 'The site’s drift: desired vs reported configuration'))`;
// `{siteId}` in the path is taken from the input, the other input fields are query parameters.

/**
 * The router's meta type (trpc.ts `initTRPC.meta<PartnerApiMeta>()`): the part of trpc-to-openapi's
 * `OpenApiMeta` we use, spelled here so that the router's types do not pull in that library's (which
 * declare Next's and Node's globals for every importer of the router, the client package included).
 */
export type PartnerApiMeta = {
  openapi?: {
    method: 'GET';
    path: `/${string}`;
    summary?: string;
    tags?: string[];
    protect?: boolean;
  };
};

/** The REST form's prefix; the document's server URL ends with it. */
export const REST_PREFIX = '/api/v1';

/** One read procedure as `GET <REST_PREFIX><path>` behind the bearer key, grouped by its first path segment. */
export function partnerRead(path: `/${string}`, summary: string): PartnerApiMeta {
  const tag = path.split('/')[1] ?? 'api';
  return { openapi: { method: 'GET', path, summary, tags: [tag], protect: true } };
}
