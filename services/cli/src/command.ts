import type { CliIo } from './io';

export interface Command {
  name: string;
  usage: string;
  summary: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** Splits `--flag value` / `--flag=value` options from positional arguments. */
export function parseFlags(
  args: string[],
  known: readonly string[],
): { positional: string[]; flags: Record<string, string> } {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    if (!known.includes(name)) throw new UnknownFlagError(name, known);
    const value = inline ?? args[++i];
    if (value === undefined) throw new UnknownFlagError(name, known, 'needs a value');
    flags[name] = value;
  }
  return { positional, flags };
}

export class UnknownFlagError extends Error {
  override readonly name = 'UnknownFlagError';
  constructor(flag: string, known: readonly string[], why = 'is not an option here') {
    super(`--${flag} ${why}${known.length ? ` (options: ${known.map((k) => `--${k}`).join(', ')})` : ''}`);
  }
}
