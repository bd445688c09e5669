import type { Command } from './command';
import { UnknownFlagError } from './command';
import { allocateCommand } from './commands/allocate';
import { auditCommand } from './commands/audit';
import { dlqCommand } from './commands/dlq';
import { driftCommand } from './commands/drift';
import { paramsCommand } from './commands/params';
import { planCommand } from './commands/plan';
import { rulesCommand } from './commands/rules';
import { schemaCommand } from './commands/schema';
import { simulateCommand } from './commands/simulate';
import { siteCommand } from './commands/site';
import { templateCommand } from './commands/template';
import { CliError } from './errors';
import type { CliIo } from './io';

// `npx ampfleet <command>`: the domain core on the command line. Bad input → a message naming the
// field, exit 1; bad usage → exit 2.
export const commands: Command[] = [
  paramsCommand,
  rulesCommand,
  auditCommand,
  driftCommand,
  planCommand,
  templateCommand,
  allocateCommand,
  simulateCommand,
  schemaCommand,
  dlqCommand,
  siteCommand,
];

function help(io: CliIo): void {
  const width = Math.max(...commands.map((c) => c.usage.length));
  io.stdout(
    `usage: ampfleet <command> [args]\n\n${commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`).join('\n')}\n`,
  );
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    help(io);
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`ampfleet: unknown command '${name}' (try: ampfleet help)\n`);
    return 2;
  }
  try {
    return await command.run(args, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr(`ampfleet ${name}: ${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof UnknownFlagError) {
      io.stderr(`ampfleet ${name}: ${err.message}\nusage: ${command.usage}\n`);
      return 2;
    }
    io.stderr(`ampfleet ${name}: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}
