import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { BEARER_SCHEME, partnerOpenApiDocument } from './openapi';
import { partnerProcedures } from './procedures';

// The partner API's OpenAPI document, generated from the router: valid OpenAPI 3.1, every read
// procedure with its inputs and output, every operation behind the bearer key.

const document = partnerOpenApiDocument();
const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
  item.get ? [{ path, operation: item.get }] : [],
);
/** Read procedures kept out of the partner document on purpose (none yet). */
// People's and the organisation's own views (sign-in session, users, keys, audit trail, the owner's
// dashboard) are not partner reads: they stay out of the document (their procedures refuse keys anyway).
const NOT_FOR_PARTNERS: string[] = [
  'session.me',
  'users.list',
  'apiKeys.list',
  'auditTrail.list',
  'auditTrail.export',
  'dashboard.get',
  // The console's CSV download of the filtered site list (partners page through sites.list).
  'sites.export',
];

describe('partner OpenAPI document', () => {
  it('validates as OpenAPI 3.1', async () => {
    const validator = new Validator();
    // As served: the JSON text of the document.
    const result = await validator.validate(JSON.parse(JSON.stringify(document)) as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('lists every query procedure of the router, by its procedure name', () => {
    const queries = Object.entries(partnerProcedures())
      .filter(([, procedure]) => procedure._def.type === 'query')
      .map(([name]) => name)
      .filter((name) => !NOT_FOR_PARTNERS.includes(name));
    expect(operations.map((o) => o.operation.operationId).sort()).toEqual(queries.sort());
    expect(queries).toEqual(
      expect.arrayContaining([
        'sites.list',
        'sites.get',
        'commands.get',
        'commands.list',
        'transactions.list',
        'fleet.overview',
      ]),
    );
  });

  it('gives each operation its inputs as parameters and its output as the 200 schema', () => {
    for (const { path, operation } of operations) {
      const ok = operation.responses?.['200'] as
        { content?: Record<string, { schema?: unknown }> } | undefined;
      const output = ok?.content?.['application/json']?.schema;
      expect(output, path).toMatchObject({ type: 'object' });
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const parameters = (operation.parameters ?? []) as { name: string; in: string; required?: boolean }[];
      for (const name of inPath)
        expect(parameters, `${path} ${name}`).toContainEqual(
          expect.objectContaining({ name, in: 'path', required: true }),
        );
    }
    const list = operations.find((o) => o.operation.operationId === 'sites.list')?.operation;
    const names = (list?.parameters as { name: string }[]).map((p) => p.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'limit',
        'cursor',
        'search',
        'status',
        'sort',
        'rule',
        'parameter',
        'hasDrift',
      ]),
    );
  });

  it('declares the bearer scheme and requires it on every operation', () => {
    expect(document.components?.securitySchemes?.[BEARER_SCHEME]).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    for (const { operation } of operations) expect(operation.security).toEqual([{ [BEARER_SCHEME]: [] }]);
    expect(document.servers).toEqual([{ url: '/api/v1' }]);
  });
});
