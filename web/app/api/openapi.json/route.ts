import { partnerOpenApiDocument } from '../../../server/openapi';

export const dynamic = 'force-dynamic';

/** GET /api/openapi.json: the partner API's read procedures as OpenAPI 3.1. */
export function GET(): Response {
  return Response.json(partnerOpenApiDocument(), {
    headers: { 'cache-control': 'public, max-age=300' },
  });
}
