import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { contextFor, createContext } from './trpc';

// "No tRPC procedure can reach a table client": the context a procedure receives holds the principal
// and org-bound repositories (functions closing over the store), and no DynamoDB client anywhere.

/** Every path in the object graph whose value is a DynamoDB client or names the table. */
function tableReachablePaths(root: unknown): string[] {
  const found: string[] = [];
  const seen = new Set<unknown>();
  const walk = (value: unknown, path: string) => {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value))
      return;
    seen.add(value);
    if (value instanceof DynamoDBClient || value instanceof DynamoDBDocumentClient) found.push(path);
    for (const key of Reflect.ownKeys(value)) {
      if (typeof value === 'function' && ['prototype', 'caller', 'arguments'].includes(String(key))) continue;
      const child = (value as Record<PropertyKey, unknown>)[key];
      if (typeof child === 'string' && child === process.env.AMPFLEET_TABLE_NAME)
        found.push(`${path}.${String(key)}`);
      walk(child, `${path}.${String(key)}`);
    }
  };
  walk(root, 'ctx');
  return found;
}

beforeAll(() => {
  Object.assign(process.env, {
    AMPFLEET_TABLE_NAME: 'ampfleet-context-test',
    AWS_REGION: 'eu-central-1',
    // Building a client opens no connection; nothing is sent in this test.
    AMPFLEET_DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
    AMPFLEET_CONSOLE_ORG_ID: 'org-a',
  });
});

describe('the tRPC context', () => {
  it('carries the principal and org-bound repositories, and no table client', async () => {
    const ctx = await createContext();
    expect(ctx.principal).toEqual({ kind: 'console', orgId: 'org-a' });
    expect(ctx.repos?.orgId).toBe('org-a');
    expect(Object.keys(ctx).sort()).toEqual(['principal', 'repos']);
    expect(tableReachablePaths(ctx)).toEqual([]);
  });

  it('has no repositories without a principal', () => {
    expect(contextFor(undefined)).toEqual({ principal: undefined, repos: undefined });
  });

  it('would notice a client or the table name put into the context', () => {
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
    expect(tableReachablePaths({ repos: { store: { doc, table: 'ampfleet-context-test' } } })).toEqual([
      'ctx.repos.store.doc',
      'ctx.repos.store.table',
    ]);
  });
});
