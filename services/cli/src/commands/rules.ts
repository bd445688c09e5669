import { listRules } from '@ampfleet/domain';
import { parseFlags, type Command } from '../command';
import { printJson, printTable } from '../io';

export const rulesCommand: Command = {
  name: 'rules',
  usage: 'ampfleet rules [--format json|table]',
  summary: 'the audit rules: id, severity, manual section, summary',
  async run(args, io) {
    const { flags } = parseFlags(args, ['format']);
    const rules = listRules();
    if (flags.format === 'table')
      printTable(
        io,
        ['id', 'severity', '§', 'title'],
        rules.map((r) => [r.id, r.severity, r.section, r.title]),
      );
    else printJson(io, rules);
    return 0;
  },
};
