import { z } from 'zod';
import { REST_PREFIX } from './openapi-meta';
import { partnerProcedures } from './procedures';

// The console's API page lists every procedure from the router itself: its kind, its REST path (read
// procedures), and its input and output as TypeScript-like text from the procedures' own zod schemas
// (zod's JSON Schema), so the page cannot drift from what the server accepts and answers.

export interface ProcedureDoc {
  name: string;
  kind: 'query' | 'mutation';
  summary: string | undefined;
  /** `GET /api/v1/...` for read procedures in the OpenAPI document. */
  rest: string | undefined;
  input: string;
  output: string;
}

export function procedureCatalog(): ProcedureDoc[] {
  return Object.entries(partnerProcedures())
    .filter(([, p]) => p._def.type === 'query' || p._def.type === 'mutation')
    .map(([name, p]) => {
      const openapi = p._def.meta?.openapi;
      const def = p._def as { inputs?: unknown[]; output?: unknown };
      return {
        name,
        kind: p._def.type as 'query' | 'mutation',
        summary: openapi?.summary,
        rest: openapi ? `${openapi.method} ${REST_PREFIX}${openapi.path}` : undefined,
        input: shapeOf(def.inputs?.[0], 'input'),
        output: shapeOf(def.output, 'output'),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  default?: unknown;
};

function shapeOf(schema: unknown, io: 'input' | 'output'): string {
  if (!(schema instanceof z.ZodType)) return 'none';
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return Object.keys(json).filter((k) => k !== '$schema').length === 0 ? 'none' : render(json, '');
}

/** JSON Schema as a TypeScript-like type: `{ siteId: string; limit?: number = 20 }`. */
function render(s: JsonSchema, indent: string): string {
  const union = s.anyOf ?? s.oneOf;
  if (union) return union.map((u) => render(u, indent)).join(' | ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  const type = Array.isArray(s.type) ? s.type.join(' | ') : s.type;
  if (type === 'array') return `${wrap(render(s.items ?? {}, indent))}[]`;
  if (type === 'integer') return 'number';
  if (type !== 'object') return type ?? 'unknown';
  const inner = `${indent}  `;
  const fields = Object.entries(s.properties ?? {}).map(([key, value]) => {
    const optional = s.required?.includes(key) ? '' : '?';
    const fallback = value.default !== undefined ? ` = ${JSON.stringify(value.default)}` : '';
    return `${inner}${key}${optional}: ${render(value, inner)}${fallback};`;
  });
  if (typeof s.additionalProperties === 'object' && fields.length === 0)
    return `Record<string, ${render(s.additionalProperties, indent)}>`;
  // Open objects (a command's kind-specific fields) say so.
  if (s.additionalProperties !== false) fields.push(`${inner}[field: string]: unknown;`);
  return fields.length === 0 ? '{}' : `{\n${fields.join('\n')}\n${indent}}`;
}

const wrap = (t: string) => (t.includes(' | ') ? `(${t})` : t);
