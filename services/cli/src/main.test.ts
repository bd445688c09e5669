import { describe, expect, it } from 'vitest';
import { runCli } from './cli-harness';

describe('ampfleet CLI', () => {
  it('prints help with every command and exits 2 without a command', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('ampfleet schema <name>');
  });

  it('exports the JSON Schema of an input from its zod schema', async () => {
    const r = await runCli(['schema', 'edge-config']);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout) as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['orgId', 'siteId', 'ocpp', 'mqtt']),
    );
    expect(schema.required).toEqual(expect.arrayContaining(['orgId', 'siteId']));
  });

  it('refuses unknown commands and schemas with a usage exit code', async () => {
    expect((await runCli(['frobnicate'])).code).toBe(2);
    const r = await runCli(['schema', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown schema 'nope'; one of:");
  });
});
