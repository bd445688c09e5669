import { allocate, AllocationInputSchema } from '@ampfleet/domain';
import { parseFlags, type Command } from '../command';
import { CliError, parseInput } from '../errors';
import { printJson, printTable, readJsonFile } from '../io';

export const allocateCommand: Command = {
  name: 'allocate',
  usage: 'ampfleet allocate <input.json> [--format json|table]',
  summary: 'whole-amp, phase-aware, max-min fair allocation over a tree of limits (schema: allocation-input)',
  async run(args, io) {
    const { positional, flags } = parseFlags(args, ['format']);
    const file = positional[0];
    if (!file)
      throw new CliError(
        'name the allocation input file (JSON; schema: ampfleet schema allocation-input)',
        2,
      );
    const input = parseInput(AllocationInputSchema, await readJsonFile(file, io.cwd), file);
    const result = allocate(input);
    if (flags.format !== 'table') {
      printJson(io, result);
      return 0;
    }
    printTable(
      io,
      ['charge point', 'offered [A]', 'grid L1/L2/L3 [A]', 'why'],
      result.chargePoints.map((cp) => [
        cp.id,
        String(cp.current),
        cp.gridCurrents.join(' / '),
        JSON.stringify(cp.reason),
      ]),
    );
    io.stdout('\n');
    printTable(
      io,
      ['node', 'kind', 'load L1/L2/L3 [A]', 'limit L1/L2/L3 [A]'],
      result.nodes.map((n) => [n.id, n.kind, n.load.join(' / '), n.limit.join(' / ')]),
    );
    return 0;
  },
};
