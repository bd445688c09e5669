import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { aUser } from '@ampfleet/domain';
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
    AMPFLEET_COGNITO_USER_POOL_ID: 'local_test',
    AMPFLEET_COGNITO_CLIENT_ID: 'client-test',
    AMPFLEET_COGNITO_ISSUER: 'http://127.0.0.1:9/local_test',
    AMPFLEET_COGNITO_ENDPOINT: 'http://127.0.0.1:9',
  });
});

describe('the tRPC context', () => {
  it('carries the principal and org-bound repositories, and no table client', () => {
    const ctx = contextFor(aUser('org-a'));
    expect(ctx.principal).toEqual(aUser('org-a'));
    expect(ctx.repos?.orgId).toBe('org-a');
    expect(Object.keys(ctx).sort()).toEqual(['principal', 'repos']);
    expect(tableReachablePaths(ctx)).toEqual([]);
  });

  it('has no repositories without a principal', () => {
    expect(contextFor(undefined)).toEqual({ principal: undefined, repos: undefined });
  });

  it('a request without credentials, or with a malformed key, gets no principal and no repositories', async () => {
    const anonymous = await createContext({
      req: new Request('http://127.0.0.1/api/trpc/sites.list'),
      resHeaders: new Headers(),
    });
    expect(anonymous).toEqual({ principal: undefined, repos: undefined });
    const bogus = await createContext({
      req: new Request('http://127.0.0.1/api/trpc/sites.list', { headers: { authorization: 'Bearer nope' } }),
      resHeaders: new Headers(),
    });
    expect(bogus.principal).toBeUndefined();
    expect(bogus.repos).toBeUndefined();
    expect(bogus.refusal?.code).toBe('UNAUTHORIZED');
  });

  it('would notice a client or the table name put into the context', () => {
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
    expect(tableReachablePaths({ repos: { store: { doc, table: 'ampfleet-context-test' } } })).toEqual([
      'ctx.repos.store.doc',
      'ctx.repos.store.table',
    ]);
  });
});
