import { generateOpenApiDocument, type OpenAPIObject } from 'trpc-to-openapi';
import { REST_PREFIX } from './openapi-meta';
import { partnerProcedures } from './procedures';
import { appRouter } from './routers/_app';

// The OpenAPI 3.1 document of the partner API's read procedures, generated from the router (the same
// zod schemas that validate the calls). Why trpc-to-openapi: it reads the procedures' `.meta` and zod
// schemas (through zod-openapi) and also serves the REST form, so the document and the handler agree.

/** The security scheme every partner operation requires: `Authorization: Bearer <key>`. */
export const BEARER_SCHEME = 'bearerApiKey';

/** Its server URL is relative (`/api/v1`): it resolves against wherever the document was fetched from. */
export function partnerOpenApiDocument(): OpenAPIObject {
  const document = generateOpenApiDocument(appRouter, {
    title: 'ampfleet partner API',
    version: '1',
    description:
      'Read procedures of the ampfleet console for partners. Every call needs an API key of your ' +
      'organisation (created by an org admin), sent as `Authorization: Bearer <key>`; without one the ' +
      'answer is 401, past the key’s rate 429 with Retry-After. The same procedures (and the commands) ' +
      'are served as tRPC at /api/trpc — e.g. GET /api/trpc/sites.list?input={"limit":10} — and through ' +
      'the typed client @ampfleet/client.',
    baseUrl: REST_PREFIX,
    securitySchemes: {
      [BEARER_SCHEME]: {
        type: 'http',
        scheme: 'bearer',
        description: 'An API key of your organisation, from the org admin’s API key page.',
      },
    },
  });
  return withProcedureNames(document);
}

/** Each operation's id is its tRPC procedure name (`sites.get`): one name for a call in every form. */
function withProcedureNames(document: OpenAPIObject): OpenAPIObject {
  const nameOf = new Map<string, string>();
  for (const [name, procedure] of Object.entries(partnerProcedures())) {
    const path = procedure._def.meta?.openapi?.path;
    if (path) nameOf.set(path, name);
  }
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    const name = nameOf.get(path);
    if (item.get && name) item.get.operationId = name;
  }
  return document;
}
