import { describeIssues, fieldIssues, type FieldIssue } from '@ampfleet/domain';
import type { z } from 'zod';

/** Bad command-line input: printed as one message, exit code 2 (usage) or 1 (bad input file). */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }
}

export function parseInput<T>(schema: z.ZodType<T>, value: unknown, source: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = fieldIssues(parsed.error);
  throw new CliError(`${source}: invalid input: ${describeIssues(issues)}`, 1, issues);
}
