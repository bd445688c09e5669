import { describe, expect, it } from 'vitest';
import { appRouter } from './routers/_app';
import { PROCEDURE_ALIASES, resolveProcedureAliases } from './procedure-aliases';

describe('procedure aliases', () => {
  it('point at procedures the router has', () => {
    const procedures = Object.keys(appRouter._def.procedures);
    for (const target of Object.values(PROCEDURE_ALIASES)) expect(procedures).toContain(target);
  });

  it('rewrite an alias, also inside a batch, and leave everything else alone', () => {
    const base = 'http://127.0.0.1:3000/api/trpc';
    expect(resolveProcedureAliases(`${base}/drift.apply`)).toBe(`${base}/drift.applyDesired`);
    expect(resolveProcedureAliases(`${base}/drift.get,drift.apply?batch=1`)).toBe(
      `${base}/drift.get,drift.applyDesired?batch=1`,
    );
    expect(resolveProcedureAliases(`${base}/drift.get?input=x`)).toBe(`${base}/drift.get?input=x`);
    expect(resolveProcedureAliases('http://127.0.0.1:3000/api/v1/sites')).toBe(
      'http://127.0.0.1:3000/api/v1/sites',
    );
  });
});
